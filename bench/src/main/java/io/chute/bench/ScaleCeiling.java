package io.chute.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import io.chute.config.ChuteConfig;

/**
 * What this machine allows at one {@code --scale} point, whatever the pipeline's own code costs: the Kafka Streams
 * floor over the point's topic (its partition count, so Kafka Streams' cost per task is in it) and the insert floor
 * with the point's blocks (its mean rows per block, so ClickHouse's cost per part and its merges are in it), and the
 * ceiling they imply: cores / (CPU per row of both floors, every process). An exact sink that makes one part per
 * (table, partition) block pays at least both floors on the same cores, so its rows/s cannot pass the ceiling by
 * much (the floors' own measuring noise); the ceiling's ratio between two points is the most a ratio between them can
 * reach on this machine.
 *
 * <p>Both floors are measured from their first record (the Streams floor) or insert: start-up costs are not in the
 * point's rows/s either. The insert floor runs {@value #INSERTERS} concurrent inserters (enough to keep two cores
 * busy with parts of a few thousand rows, where one or two inserters leave ClickHouse waiting) and counts
 * ClickHouse's CPU over the inserts' wall only: merges it defers past the last insert are not charged. A point of
 * chute runs several times longer than its insert floor (every process paces it, not ClickHouse alone), so more of
 * its parts' merges fall inside it: at 3,500-row parts the ceiling is optimistic. {@link ScaleSeries#room} reads
 * ClickHouse's and the broker's CPU in chute's own run, merges included, for the tighter bound.
 */
final class ScaleCeiling {
    static final int INSERTERS = 4;

    /** One point's floors; {@code failure} non-null when either could not be measured (then no ceiling). */
    record Result(double streamsJvmMicrosPerEvent, double brokerMicrosPerEvent, double clickHouseMicrosPerRow,
                  double clientMicrosPerRow, long rowsPerBlock, double insertRowsPerSecond, String failure) {
        static Result failed(String why) {
            return new Result(0, 0, 0, 0, 0, 0, why);
        }

        /** Rows per second of all {@code tables}: every event is read once and inserted once per table. */
        double ceilingRowsPerSecond(int tables) {
            double perRow = (streamsJvmMicrosPerEvent + brokerMicrosPerEvent) / tables + clickHouseMicrosPerRow
                    + clientMicrosPerRow;
            return failure != null ? 0 : ResourceMeter.rowsPerSecondOnAllCores(perRow);
        }
    }

    private ScaleCeiling() {
    }

    /** {@code topicRecords}: the point's topic, backlog and live phase; {@code rowsPerBlock}: the point's mean. */
    static Result measure(Bench.Setup setup, ChuteConfig config, long topicRecords, long rowsPerBlock, Path spoolDir,
                          Duration timeout) throws InterruptedException {
        StreamsFloorRun.Result streams = new StreamsFloorRun(setup, config).run(topicRecords, timeout);
        if (streams.failure() != null || streams.usageFromFirstRecord() == null) {
            return Result.failed("Kafka Streams floor: " + (streams.failure() == null ? "no record seen"
                    : streams.failure()));
        }
        InsertFloorRun.Result insert = new InsertFloorRun(setup, config, spoolDir,
                new InsertFloorRun.Options(rowsPerBlock, List.of(INSERTERS), false)).run(timeout);
        InsertFloorRun.Pass pass = insert.passes().isEmpty() ? null : insert.passes().get(0);
        if (insert.failure() != null || pass == null || pass.failure() != null) {
            return Result.failed("insert floor: " + (insert.failure() != null ? insert.failure()
                    : pass == null ? "no pass" : pass.failure()));
        }
        ResourceMeter.Usage read = streams.usageFromFirstRecord();
        double broker = ResourceMeter.microsPerRow(read.childCpu().get(ResourceMeter.BROKER), streams.records());
        double clickHouse = ResourceMeter.microsPerRow(pass.usage().childCpu().get(ResourceMeter.CLICKHOUSE),
                pass.rows());
        if (broker < 0 || clickHouse < 0) {
            return Result.failed("the broker's or ClickHouse's CPU could not be read");
        }
        return new Result(ResourceMeter.microsPerRow(read.jvmCpu(), streams.records()), broker, clickHouse,
                ResourceMeter.microsPerRow(pass.usage().jvmCpu(), pass.rows()), insert.rowsPerBlock(),
                pass.rows() / Math.max(1e-9, pass.wall().toNanos() / 1e9), null);
    }

    /** A table of each point's floors and ceiling, after the series' own two tables; nothing when none was measured. */
    static void print(PrintStream out, List<ScaleSeries.Point> points) {
        if (points.stream().allMatch(p -> p.ceiling() == null)) {
            return;
        }
        out.println();
        String row = "%10s %6s | %17s | %8s %10s %8s %8s | %10s %7s | %12s%n";
        out.printf(row, "partitions", "tables", "streams us/event", "rows/blk", "insert r/s", "CH us", "client",
                "ceiling", "ratio", "chute/ceil.");
        for (ScaleSeries.Point p : points) {
            Result c = p.ceiling();
            if (c == null || c.failure() != null) {
                out.printf(Locale.ROOT, "%10d %6d | no figure: %s%n", p.partitions(), p.tables(),
                        c == null ? "not measured" : c.failure());
                continue;
            }
            double ceiling = c.ceilingRowsPerSecond(p.tables());
            out.printf(Locale.ROOT, row, p.partitions(), p.tables(),
                    String.format(Locale.ROOT, "%.2f + %.2f", c.streamsJvmMicrosPerEvent(), c.brokerMicrosPerEvent()),
                    String.format(Locale.ROOT, "%,d", c.rowsPerBlock()),
                    String.format(Locale.ROOT, "%,.0f", c.insertRowsPerSecond()),
                    String.format(Locale.ROOT, "%.2f", c.clickHouseMicrosPerRow()),
                    String.format(Locale.ROOT, "%.2f", c.clientMicrosPerRow()),
                    String.format(Locale.ROOT, "%,.0f", ceiling), ratio(points, p),
                    String.format(Locale.ROOT, "%.2f", ScaleSeries.rate(p.result()) / ceiling));
        }
        out.printf(Locale.ROOT, "floors at each point's shape (after its chute run, same topic and rows): streams: the "
                + "Kafka Streams floor's JVM + broker CPU per event from its first record, over the point's partitions; "
                + "insert: the landed rows of the first table again as blocks of the point's mean rows/blk, %d "
                + "concurrent client-v2 inserters, rows/s and CPU per row (ClickHouse, client) over the inserts' wall; "
                + "ceiling = cores / (streams us/event / tables + CH us + client us): rows/s no exact sink with these "
                + "parts can pass on this machine by more than the floors' noise; ratio: to the first point's "
                + "ceiling of the same table count, the most the rows/s ratio can reach here; chute/ceil.: chute's "
                + "rows/s over the ceiling.%n", INSERTERS);
    }

    /** The ceiling's ratio to the first point of the same table count; "-" when either has none. */
    static String ratio(List<ScaleSeries.Point> points, ScaleSeries.Point p) {
        double base = ceilingOf(ScaleSeries.base(points, p));
        double here = ceilingOf(p);
        return base <= 0 || here <= 0 ? "-" : String.format(Locale.ROOT, "%.2fx", here / base);
    }

    private static double ceilingOf(ScaleSeries.Point p) {
        return p.ceiling() == null ? 0 : p.ceiling().ceilingRowsPerSecond(p.tables());
    }
}
