package io.chute.ops;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;

import io.chute.state.LedgerEntry;
import io.chute.state.LedgerState;

/**
 * What {@code chute replay} will do, per source partition, and its explanation for the operator.
 *
 * @param group          the application's consumer group
 * @param target         where offsets go
 * @param steps          one per moved partition
 * @param reingestTable  table whose ledger marks are rewound too, or null
 */
public record ReplayPlan(String group, OffsetTarget target, List<Step> steps, String reingestTable) {

    /**
     * One partition.
     *
     * @param committed the group's committed offset, or null if it has none (it would start at the log start)
     * @param target    the new committed offset
     * @param end       the partition's end offset now
     * @param marks     the ledger entry of each table for this partition (table -> entry)
     */
    public record Step(TopicPartition partition, Long committed, long target, long end, Map<String, LedgerEntry> marks) {

        /** Records the application had already consumed and will read again. */
        public long reread() {
            return committed == null ? 0 : Math.max(0, committed - target);
        }

        /** Records at or after the target that were not yet consumed. */
        public long fresh() {
            return end - Math.max(target, committed == null ? target : committed);
        }

        /** Offsets at or below this one are skipped for {@code table} (ledger mark), -1 if none. */
        public long landedThrough(String table) {
            LedgerEntry e = marks.get(table);
            if (e == null) {
                return -1;
            }
            return e.state() == LedgerState.LANDED || landedByCommit(e) ? e.lastOffset() : e.firstOffset() - 1;
        }

        /**
         * True for an INTENT below the committed offset: its block landed (a commit lands every block below the
         * offset it commits), only its LANDED was never written (issue 10). The replay writes it before moving the
         * offsets back, since after that the committed offset no longer says so.
         */
        public boolean landedByCommit(LedgerEntry e) {
            return e.state() == LedgerState.INTENT && committed != null && e.lastOffset() < committed;
        }

        /** Records from the target on that the ledger mark of {@code table} makes the application skip. */
        public long skipped(String table) {
            return Math.max(0, Math.min(landedThrough(table), end - 1) - target + 1);
        }
    }

    /** Human explanation: per partition, what is re-read, what the ledger skips, what lands again. */
    public String explain() {
        StringBuilder out = new StringBuilder();
        out.append("replay of group ").append(group).append(" to ").append(target).append(':').append('\n');
        for (Step s : steps) {
            out.append(String.format("  %s: committed %s -> %d: %,d records re-read, %,d not yet consumed (end %d)%n",
                    s.partition(), s.committed() == null ? "none" : s.committed(), s.target(), s.reread(), s.fresh(),
                    s.end()));
            for (String table : s.marks().keySet().stream().sorted().toList()) {
                out.append(explainMark(s, table));
            }
        }
        if (reingestTable == null) {
            out.append("rows already landed (at or below each table's ledger mark) are skipped and counted as "
                    + "chute.rows.skipped.landed: no duplicates land.\n");
        } else {
            out.append("--reingest: the ledger marks of table ").append(reingestTable).append(" are rewound to just "
                    + "before the target, so its rows from the target on land again, exactly once. Use it only when "
                    + "the table no longer holds them (e.g. after TRUNCATE); other tables still skip.\n");
        }
        if (steps.stream().anyMatch(s -> s.reread() > 0)) {
            out.append("note: re-read records that fail validation are dead-lettered again (the ledger covers "
                    + "rows, not dead letters).\n");
        }
        return out.toString();
    }

    private String explainMark(Step s, String table) {
        long mark = s.landedThrough(table);
        if (table.equals(reingestTable)) {
            return String.format("      table %s: ledger mark %d rewound to %d: %,d records land again%n", table, mark,
                    s.target() - 1, Math.max(0, Math.min(mark, s.end() - 1) - s.target() + 1));
        }
        return String.format("      table %s: landed through offset %d: %,d records skipped as already landed%n",
                table, mark, s.skipped(table));
    }
}
