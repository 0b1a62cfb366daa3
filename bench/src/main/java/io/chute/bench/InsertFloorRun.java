package io.chute.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.data.ClickHouseFormat;

import io.chute.app.ClickHouseClients;
import io.chute.config.ChuteConfig;

/**
 * The ClickHouse insert floor: what inserting the rows chute landed costs ClickHouse when nothing else happens. The
 * rows of {@code events} are fetched (not timed) as RowBinary in the table's insertable column order, cut into blocks
 * of chute's {@code block.max.rows} (fewer rows if a block would pass {@code block.max.bytes}) and spooled to files
 * (2M rows are ~320 MB: too much for the benchmark's heap). Each pass creates an empty copy of the table
 * ({@code CREATE TABLE .. AS events}, same engine and settings) and inserts every block with client-v2, built as chute
 * builds it, one {@code INSERT .. (columns) FORMAT RowBinary} per block with its own
 * {@code insert_deduplication_token}; a block is read from its file into a byte[] just before its insert (timed, a few
 * ms per block). Passes: 1 inserter, then 2 concurrent inserters sharing the blocks. Wall and rows/s run until the
 * last insert is acknowledged; CPU is measured over the inserts plus {@value #MERGE_TAIL_SECONDS} s for the merges they
 * start. Each copy is dropped after its pass, so its merges do not run into the next one.
 *
 * <p>chute inserts {@code RowBinaryWithDefaults} (one extra flag byte per value); the floor's plain RowBinary is the
 * cheaper of the two, as a floor should be. Never throws for a run that goes wrong: that comes back as a failure text.
 */
final class InsertFloorRun {
    static final String COPY = "events_floor";
    static final long MERGE_TAIL_SECONDS = 2;
    private static final String NUMBERED = "events_floor_numbered";

    /**
     * What a run measures: {@code rowsPerBlock} (0: chute's block limits), one pass per entry of {@code inserters},
     * and whether the ClickHouse CPU includes {@link #MERGE_TAIL_SECONDS} s after the last insert
     * ({@code mergeTail}) or only the inserts' wall, as a pipeline's throughput sees it.
     */
    record Options(long rowsPerBlock, List<Integer> inserters, boolean mergeTail) {
        /** The comparison's floor: chute's block size, 1 then 2 inserters, merges after the inserts included. */
        static final Options COMPARISON = new Options(0, List.of(1, 2), true);
    }

    /** One pass; {@code failure} is null when the copy holds every row afterwards. */
    record Pass(int inserters, long rows, Duration wall, ResourceMeter.Usage usage, String failure) {
    }

    /** Rows, blocks, bytes inserted per pass; {@code failure} non-null when no pass could be measured. */
    record Result(long rows, int blocks, long rowsPerBlock, long bytes, List<Pass> passes, String failure) {
    }

    /** {@code columns}: quoted, as the INSERT names them; every block but the last has {@code rowsPerBlock}. */
    private record Spool(List<String> columns, List<Path> blocks, long rows, long rowsPerBlock, long bytes) {
    }

    private final Bench.Setup setup;
    private final ChuteConfig chute;
    private final Path spoolDir;
    private final ClickHouseSql sql;
    private final Options options;

    /** {@code chute}: the chute run's configuration (block limits, client); {@code spoolDir}: for the block files. */
    InsertFloorRun(Bench.Setup setup, ChuteConfig chute, Path spoolDir) {
        this(setup, chute, spoolDir, Options.COMPARISON);
    }

    InsertFloorRun(Bench.Setup setup, ChuteConfig chute, Path spoolDir, Options options) {
        this.setup = setup;
        this.chute = chute;
        this.spoolDir = spoolDir;
        this.sql = setup.sql();
        this.options = options;
    }

    Result run(Duration timeout) throws InterruptedException {
        Spool spool = null;
        try {
            spool = spool();
            List<Pass> passes = new ArrayList<>();
            try (Client client = ClickHouseClients.create(chute)) {
                for (int inserters : options.inserters()) {
                    passes.add(pass(client, spool, inserters, timeout));
                }
            }
            return new Result(spool.rows(), spool.blocks().size(), spool.rowsPerBlock(), spool.bytes(), passes,
                    null);
        } catch (RuntimeException e) {
            return new Result(0, 0, 0, 0, List.of(), e.toString());
        } finally {
            if (spool != null) {
                spool.blocks().forEach(InsertFloorRun::deleteQuietly);
            }
        }
    }

    private Pass pass(Client client, Spool spool, int inserters, Duration timeout) throws InterruptedException {
        String table = COPY + "_" + inserters;
        sql.query(setup.database(), "CREATE TABLE " + table + " AS " + Bench.TABLE);
        ExecutorService pool = Executors.newFixedThreadPool(inserters);
        AtomicInteger next = new AtomicInteger();
        String failure = null;
        ResourceMeter meter = ResourceMeter.start(setup.brokerPid(), setup.registryPid());
        long t0 = System.nanoTime();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < inserters; i++) {
                running.add(pool.submit(() -> insertAll(client, table, spool, next, timeout)));
            }
            for (Future<?> f : running) {
                f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            failure = "insert failed: " + (e.getCause() == null ? e : e.getCause());
        } finally {
            pool.shutdownNow();
        }
        long wall = System.nanoTime() - t0;
        if (options.mergeTail()) {
            Thread.sleep(TimeUnit.SECONDS.toMillis(MERGE_TAIL_SECONDS));
        }
        ResourceMeter.Usage usage = meter.stop();
        long landed = sql.count(setup.database(), table);
        sql.query(setup.database(), "DROP TABLE " + table);
        if (failure == null && landed != spool.rows()) {
            failure = "the copy holds " + landed + " of " + spool.rows() + " rows";
        }
        return new Pass(inserters, landed, Duration.ofNanos(wall), usage, failure);
    }

    /** Takes blocks until none is left; chute's writer does the same per block (see ClickHouseBlockWriter). */
    private Void insertAll(Client client, String table, Spool spool, AtomicInteger next, Duration timeout)
            throws Exception {
        for (int i = next.getAndIncrement(); i < spool.blocks().size(); i = next.getAndIncrement()) {
            InsertSettings settings = new InsertSettings().setDeduplicationToken("floor-" + table + "-" + i);
            settings.setDatabase(setup.database());
            byte[] block = Files.readAllBytes(spool.blocks().get(i));
            try (InputStream in = new ByteArrayInputStream(block);
                 InsertResponse ignored = client.insert(quote(table), spool.columns(), in, ClickHouseFormat.RowBinary,
                         settings).get(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                // acknowledged; the row count is checked on the copy afterwards
            }
        }
        return null;
    }

    /**
     * Fetches the landed rows into block files, in the table's sorting order. The rows are numbered once into a copy
     * ordered by that number, so each block is one range read (a LIMIT .. OFFSET per block sorted the whole table
     * again for each of hundreds of small blocks).
     */
    private Spool spool() {
        String db = setup.database();
        List<String> columns = Arrays.stream(sql.query(db, "SELECT name FROM system.columns WHERE database = "
                + "currentDatabase() AND table = '" + Bench.TABLE + "' AND default_kind NOT IN ('MATERIALIZED', "
                + "'ALIAS', 'EPHEMERAL') ORDER BY position").split("\n")).map(InsertFloorRun::quote).toList();
        String key = sql.query(db, "SELECT sorting_key FROM system.tables WHERE database = currentDatabase() "
                + "AND name = '" + Bench.TABLE + "'");
        String cols = String.join(", ", columns);
        sql.query(db, "CREATE TABLE " + NUMBERED + " ENGINE = MergeTree ORDER BY floor_row AS SELECT "
                + "toUInt64(rowNumberInAllBlocks()) AS floor_row, " + cols + " FROM (SELECT " + cols + " FROM "
                + Bench.TABLE + " ORDER BY " + (key.isEmpty() ? cols : key) + ")");
        try {
            long rows = sql.count(db, NUMBERED);
            long perBlock = perBlock(cols, rows);
            List<Path> blocks = new ArrayList<>();
            long bytes = 0;
            for (long from = 0; from < rows; from += perBlock) {
                bytes += sql.download(db, "SELECT " + cols + " FROM " + NUMBERED + " WHERE floor_row >= " + from
                        + " AND floor_row < " + (from + perBlock) + " ORDER BY floor_row FORMAT RowBinary",
                        file(blocks.size()));
                blocks.add(file(blocks.size()));
            }
            return new Spool(columns, blocks, rows, perBlock, bytes);
        } finally {
            sql.query(db, "DROP TABLE " + NUMBERED);
        }
    }

    /** The options' block size, or chute's: {@code block.max.rows}, fewer if a block would pass its byte limit. */
    private long perBlock(String cols, long rows) {
        if (options.rowsPerBlock() > 0) {
            return Math.min(options.rowsPerBlock(), Math.max(1, rows));
        }
        long perBlock = Math.max(1, Math.min(chute.getInt(ChuteConfig.BLOCK_MAX_ROWS_CONFIG), rows));
        long maxBytes = chute.getLong(ChuteConfig.BLOCK_MAX_BYTES_CONFIG);
        // rows of one table are near one size: scale down with a margin, as chute's byte limit would cut
        long firstBytes = Long.parseLong(sql.query(setup.database(), "SELECT sum(length(formatRow('RowBinary', "
                + cols + "))) FROM " + NUMBERED + " WHERE floor_row < " + perBlock).strip());
        return firstBytes <= maxBytes ? perBlock : Math.max(1, (long) (perBlock * 0.98 * maxBytes / firstBytes));
    }

    private Path file(int block) {
        return spoolDir.resolve("floor-block-" + block + ".rowbinary");
    }

    private static String quote(String identifier) {
        return '`' + identifier.replace("\\", "\\\\").replace("`", "\\`") + '`';
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover in the benchmark's work directory; it is deleted with it
        }
    }
}
