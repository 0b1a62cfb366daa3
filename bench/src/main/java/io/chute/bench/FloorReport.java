package io.chute.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The floors' part of the report: what this machine's fixed costs per row are, independent of chute's code (see
 * {@link StreamsFloorRun}, {@link InsertFloorRun}), and the throughput ceiling they imply for any Kafka Streams ->
 * ClickHouse pipeline at the same settings. A floor that failed prints its reason instead of figures; skipped floors
 * (null results) print one line saying so.
 */
final class FloorReport {
    private static final String ROW = "%-50s | %20s | %20s | %20s%n";
    private final PrintStream out;

    FloorReport(PrintStream out) {
        this.out = out;
    }

    void print(StreamsFloorRun.Result streams, InsertFloorRun.Result insert) {
        out.println();
        if (streams == null || insert == null) {
            out.println("floors: skipped (--skip-floors)");
            return;
        }
        out.println("== floors: fixed costs per row on this machine, independent of chute's code ==");
        List<Column> columns = new ArrayList<>();
        columns.add(streams.failure() == null ? new Column(streams.records(), streams.wallFromStart(),
                streams.usage()) : Column.EMPTY);
        for (int i = 0; i < 2; i++) {
            InsertFloorRun.Pass pass = i < insert.passes().size() ? insert.passes().get(i) : null;
            columns.add(pass != null && pass.failure() == null ? new Column(pass.rows(), pass.wall(), pass.usage())
                    : Column.EMPTY);
        }
        out.printf(ROW, "figure", "Kafka Streams floor", "insert, 1 inserter", "insert, 2 inserters");
        out.printf(ROW, "-".repeat(50), "-".repeat(20), "-".repeat(20), "-".repeat(20));
        row("rows", columns, c -> String.format(Locale.ROOT, "%,d", c.rows));
        row("wall (s)", columns, c -> fixed(secs(c.wall), 2));
        row("rows/s", columns, c -> String.format(Locale.ROOT, "%,d", Math.round(c.rows / secs(c.wall))));
        row("CPU per row: this JVM (us)", columns, c -> fixed(c.perRowMicros(null), 2));
        row("CPU per row: broker process (us)", columns, c -> perRow(c, ResourceMeter.BROKER));
        row("CPU per row: clickhouse process (us)", columns, c -> perRow(c, ResourceMeter.CLICKHOUSE));
        out.println();
        notes(streams, insert);
        ceiling(columns.get(0), columns.get(1));
    }

    private void notes(StreamsFloorRun.Result streams, InsertFloorRun.Result insert) {
        out.printf("Kafka Streams floor: one processor (%s) that only counts records, chute's Streams settings; "
                + "wall from start()%n", StreamsFloorRun.PROCESSOR);
        if (streams.failure() != null) {
            out.println("Kafka Streams floor: no figure, because: " + streams.failure());
        }
        if (insert.failure() != null) {
            out.println("insert floor: no figure, because: " + insert.failure());
            return;
        }
        out.printf(Locale.ROOT, "insert floor: the landed rows again, %d blocks of up to %,d rows (%.1f MB RowBinary "
                + "in all), client-v2 as chute builds it; clickhouse CPU includes %d s after the last insert "
                + "(merges)%n", insert.blocks(), insert.rowsPerBlock(), insert.bytes() / 1e6,
                InsertFloorRun.MERGE_TAIL_SECONDS);
        insert.passes().stream().filter(p -> p.failure() != null).forEach(p -> out.printf(
                "insert floor, %d inserter(s): no figure, because: %s%n", p.inserters(), p.failure()));
    }

    private void ceiling(Column streams, Column insert) {
        if (streams == Column.EMPTY || insert == Column.EMPTY) {
            return;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        double jvm = streams.perRowMicros(null);
        double broker = Math.max(0, streams.perRowMicros(ResourceMeter.BROKER));
        double clickHouse = Math.max(0, insert.perRowMicros(ResourceMeter.CLICKHOUSE));
        // the insert's client side (HTTP, copying the block) is paid by any pipeline that inserts over HTTP too
        double client = Math.max(0, insert.perRowMicros(null));
        double sum = jvm + broker + clickHouse + client;
        out.printf(Locale.ROOT, "ceiling on this machine for any Kafka Streams -> ClickHouse (HTTP) pipeline at these "
                + "settings, before decoding a byte ~= cores / (streams floor CPU/row + broker CPU/row + ClickHouse "
                + "insert CPU/row + insert client CPU/row) = %d / (%.2f + %.2f + %.2f + %.2f us) ~= %,d rows/s%n",
                cores, jvm, broker, clickHouse, client, Math.round(ResourceMeter.rowsPerSecondOnAllCores(sum)));
    }

    private void row(String name, List<Column> columns, java.util.function.Function<Column, String> cell) {
        String[] cells = columns.stream().map(c -> c == Column.EMPTY ? "n/a" : cell.apply(c)).toArray(String[]::new);
        out.printf(ROW, name, cells[0], cells[1], cells[2]);
    }

    private static String perRow(Column c, String role) {
        double micros = c.perRowMicros(role);
        return micros < 0 ? "n/a" : fixed(micros, 2);
    }

    private static double secs(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static String fixed(double v, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    /** One measured floor (or pass); {@link #EMPTY} when there is no figure. */
    private record Column(long rows, Duration wall, ResourceMeter.Usage usage) {
        static final Column EMPTY = new Column(0, Duration.ZERO, null);

        /** CPU per row of this JVM (role null) or of a child process; negative when not measured. */
        double perRowMicros(String role) {
            Duration cpu = role == null ? usage.jvmCpu() : usage.childCpu().getOrDefault(role, Duration.ofNanos(-1));
            return cpu.isNegative() || rows == 0 ? -1 : cpu.toNanos() / 1e3 / rows;
        }
    }
}
