package io.chute.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Plain SQL over ClickHouse's HTTP interface (statements in the body, TabSeparated answers). Enough for DDL and
 * counts; the rows themselves go through chute (or client-v2 in {@link InsertFloorRun}), and come back only as
 * files via {@link #download}.
 */
final class ClickHouseSql {
    /** The column {@link #addLandedAt} adds. */
    static final String LANDED_AT = "landed_at";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String url;

    ClickHouseSql(String url) {
        this.url = url;
    }

    /** Runs one statement in {@code database} (null: the default one) and returns the answer, trimmed. */
    String query(String database, String sql) {
        HttpRequest request = HttpRequest.newBuilder(target(database)).timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofString(sql)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new ClickHouseSqlException(response.body().strip());
            }
            return response.body().strip();
        } catch (IOException e) {
            throw new ClickHouseSqlException("ClickHouse did not answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClickHouseSqlException("interrupted");
        }
    }

    /**
     * Runs one SELECT in {@code database} and writes its answer, as is (e.g. {@code FORMAT RowBinary}), to
     * {@code file}; returns the bytes written. On refusal the file is deleted and ClickHouse's error text thrown.
     */
    long download(String database, String sql, Path file) {
        HttpRequest request = HttpRequest.newBuilder(target(database)).timeout(Duration.ofMinutes(10))
                .POST(HttpRequest.BodyPublishers.ofString(sql)).build();
        try {
            HttpResponse<Path> response = http.send(request, HttpResponse.BodyHandlers.ofFile(file,
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING));
            if (response.statusCode() != 200) {
                String error = Files.readString(file, StandardCharsets.UTF_8).strip();
                Files.deleteIfExists(file);
                throw new ClickHouseSqlException(error);
            }
            return Files.size(file);
        } catch (IOException e) {
            throw new ClickHouseSqlException("ClickHouse did not answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClickHouseSqlException("interrupted");
        }
    }

    long count(String database, String table) {
        return Long.parseLong(query(database, "SELECT count() FROM " + table));
    }

    /**
     * Parts created so far per table of {@code database}, as ClickHouse counts them: the highest block number of the
     * table's parts. Every part an INSERT writes (one per partition it touches) takes the table's next block number,
     * a merged part keeps the range of its sources, and neither merges nor the removal of old parts lower it; a
     * deduplicated insert also takes one (verified on the local chDB 26.7). Tables without parts are absent.
     */
    Map<String, Long> partsCreated(String database) {
        Map<String, Long> parts = new HashMap<>();
        String answer = query(null, "SELECT table, max(max_block_number) FROM system.parts WHERE database = '"
                + database.replace("'", "") + "' GROUP BY table");
        for (String line : answer.split("\n")) {
            String[] cells = line.split("\t");
            if (cells.length == 2) {
                parts.put(cells[0], Long.parseLong(cells[1]));
            }
        }
        return parts;
    }

    /**
     * Gives {@code table} a column {@value #LANDED_AT} that ClickHouse fills with its own clock when an INSERT writes
     * the row (chute sends the default marker for a column no Avro field names; the default is evaluated while the
     * INSERT is processed, just before it is acknowledged).
     */
    void addLandedAt(String database, String table) {
        query(database, "ALTER TABLE " + table + " ADD COLUMN " + LANDED_AT + " DateTime64(3) DEFAULT now64(3)");
    }

    /**
     * Exact percentiles (ms) of {@value #LANDED_AT} minus the event timestamp {@code ts} over the rows of
     * {@code tables} whose {@code ts} is at or after {@code sinceMillis}, all tables together. ClickHouse runs on
     * this machine, so both times come from the same clock.
     */
    LatencyPercentiles.Result landedLatency(String database, List<String> tables, long sinceMillis) {
        String rows = tables.stream().map(t -> "SELECT ts, " + LANDED_AT + " FROM " + t)
                .collect(Collectors.joining(" UNION ALL "));
        String answer = query(database, "SELECT count(), quantilesExact(0.5, 0.99)(toUnixTimestamp64Milli("
                + LANDED_AT + ") - toUnixTimestamp64Milli(ts)) FROM (" + rows + ") WHERE toUnixTimestamp64Milli(ts) >= "
                + sinceMillis + " FORMAT TabSeparated");
        String[] cells = answer.split("\t");
        long samples = Long.parseLong(cells[0]);
        if (samples == 0) {
            return new LatencyPercentiles.Result(-1, -1, 0);
        }
        String[] q = cells[1].replaceAll("[\\[\\]]", "").split(",");
        return new LatencyPercentiles.Result(Double.parseDouble(q[0]), Double.parseDouble(q[1]), samples);
    }

    private URI target(String database) {
        return URI.create(url + "/" + (database == null ? "" : "?database=" + URLEncoder.encode(database,
                StandardCharsets.UTF_8)));
    }

    /** ClickHouse refused a statement; the message is ClickHouse's own error text. */
    static final class ClickHouseSqlException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ClickHouseSqlException(String message) {
            super(message);
        }
    }
}
