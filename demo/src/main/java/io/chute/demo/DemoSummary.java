package io.chute.demo;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;

/** Queries the table and prints the end-of-run summary. */
final class DemoSummary {
    private DemoSummary() {
    }

    /** {@code SELECT count()} of the demo table. */
    static long count(Client clickHouse) {
        return clickHouse.queryAll("SELECT count() FROM " + DemoSettings.TABLE).get(0).getLong(1);
    }

    static DemoResult collect(Client clickHouse, DemoPlan.Expected expected, boolean landed,
                              DeadLetterWatcher deadLetters, Duration elapsed) {
        GenericRecord totals = clickHouse.queryAll("SELECT count(), uniqExact(event_id), countIf(referrer IS NULL), "
                + "countIf(referrer IS NOT NULL) FROM " + DemoSettings.TABLE).get(0);
        List<Map.Entry<String, Long>> top = new ArrayList<>();
        for (GenericRecord r : clickHouse.queryAll("SELECT toString(event_type) AS t, count() AS c FROM "
                + DemoSettings.TABLE + " GROUP BY t ORDER BY c DESC, t LIMIT 5")) {
            top.add(Map.entry(r.getString(1), r.getLong(2)));
        }
        return new DemoResult(expected, landed, totals.getLong(1), totals.getLong(2), totals.getLong(3),
                totals.getLong(4), top, deadLetters.byReason(), deadLetters.samples(), elapsed);
    }

    static void print(DemoResult r, PrintStream out) {
        DemoPlan.Expected e = r.expected();
        out.println();
        out.printf(Locale.ROOT, "== summary (%.1f s, %,.0f rows/s) ==%n", r.elapsed().toMillis() / 1000.0,
                r.rows() * 1000.0 / Math.max(1, r.elapsed().toMillis()));
        out.printf(Locale.ROOT, "rows in ClickHouse: %,d (expected %,d) %s; distinct event_id: %,d%n",
                r.rows(), e.rows(), mark(r.rows() == e.rows()), r.distinctIds());
        out.printf(Locale.ROOT, "  by schema version: v1 (referrer null) %,d (expected %,d), v2 %,d (expected %,d)%n",
                r.rowsV1(), e.rowsV1(), r.rowsV2(), e.rowsV2());
        out.println("  top event types:");
        for (Map.Entry<String, Long> type : r.topTypes()) {
            out.printf(Locale.ROOT, "    %-16s %,9d%n", type.getKey(), type.getValue());
        }
        out.printf(Locale.ROOT, "dead letters: %,d (expected %,d) %s, by chute.dlq.reason:%n", r.deadLetterTotal(),
                e.deadLetters(), mark(r.deadLetters().equals(e.deadLettersByReason())));
        TreeSet<String> reasons = new TreeSet<>(r.deadLetters().keySet());
        reasons.addAll(e.deadLettersByReason().keySet());
        for (String reason : reasons) {
            out.printf(Locale.ROOT, "    %-18s %,7d (expected %,d)%n", reason, r.deadLetters().getOrDefault(reason, 0L),
                    e.deadLettersByReason().getOrDefault(reason, 0L));
            DeadLetterWatcher.Sample sample = r.samples().get(reason);
            if (sample != null) {
                out.printf("      e.g. %s%n      value %s%n", sample.message(), preview(sample.value()));
            }
        }
        out.println(r.ok() ? "OK: every valid event landed exactly once, every invalid one is a dead letter"
                : "FAILED: ClickHouse or the dead-letter topic does not hold exactly what was sent");
    }

    /** The first bytes of a value: as text when printable, else hex. */
    static String preview(byte[] value) {
        int n = Math.min(value.length, 24);
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < n; i++) {
            hex.append(String.format("%02x ", value[i] & 0xff));
        }
        String text = new String(value, 0, Math.min(value.length, 60), StandardCharsets.UTF_8)
                .replaceAll("[^\\x20-\\x7e]", ".");
        return value.length + " bytes: " + hex + (value.length > n ? "... " : "") + "| " + text;
    }

    private static String mark(boolean ok) {
        return ok ? "OK" : "MISMATCH";
    }
}
