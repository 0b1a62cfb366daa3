package io.chute.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Plain SQL over ClickHouse's HTTP interface (statements in the body, TabSeparated answers). Enough for DDL and
 * counts; the rows themselves go through chute.
 */
final class ClickHouseSql {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String url;

    ClickHouseSql(String url) {
        this.url = url;
    }

    /** Runs one statement in {@code database} (null: the default one) and returns the answer, trimmed. */
    String query(String database, String sql) {
        String target = url + "/" + (database == null ? "" : "?database=" + URLEncoder.encode(database,
                StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofMinutes(2))
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

    long count(String database, String table) {
        return Long.parseLong(query(database, "SELECT count() FROM " + table));
    }

    /** ClickHouse refused a statement; the message is ClickHouse's own error text. */
    static final class ClickHouseSqlException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ClickHouseSqlException(String message) {
            super(message);
        }
    }
}
