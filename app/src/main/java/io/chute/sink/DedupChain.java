package io.chute.sink;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The start-up check of everything one INSERT of chute writes: the target table, every materialized view that
 * depends on it (recursively) and each view's target. A retried block is dropped everywhere only when every table
 * it reaches remembers tokens: a *MergeTree with a block window above 0 and, for Replicated* and Shared*, a seconds
 * window of at least the configured bound. {@code Null} tables pass when they feed at least one view and every
 * view target passes; any other engine (Buffer, Memory, Log family, Distributed, ...) cannot deduplicate and is
 * refused. Pure logic over a {@link Catalog}, so the rules are unit-tested on rows as {@code system.tables}
 * reports them (Replicated tables cannot run on the local engine).
 */
public final class DedupChain {
    private static final Pattern IDENT = Pattern.compile("`((?:[^`\\\\]|\\\\.)*)`|([A-Za-z0-9_]+)");

    /** A table's database and name. */
    public record Name(String database, String table) {
        @Override
        public String toString() {
            return database + "." + table;
        }
    }

    /** One row of {@code system.tables}; {@code dependents} are the views that read this table's inserts. */
    public record TableFacts(Name name, String engine, String createTableQuery, String uuid, List<Name> dependents) {
    }

    /** Where the facts come from ({@code system.tables} in production). */
    public interface Catalog {
        /** The table's facts, or null when it does not exist. */
        TableFacts table(String database, String name);

        /** Server defaults of the window settings ({@code system.merge_tree_settings}). */
        Map<String, Long> mergeTreeDefaults();
    }

    private final Catalog catalog;
    private final long minWindowSeconds;

    public DedupChain(Catalog catalog, long minWindowSeconds) {
        this.catalog = catalog;
        this.minWindowSeconds = minWindowSeconds;
    }

    /** @throws FatalSinkException listing every problem of the chain, each naming table, setting and fix */
    public void require(String database, String table) {
        List<String> problems = problems(database, table);
        if (!problems.isEmpty()) {
            throw new FatalSinkException("target table " + database + "." + table + " cannot be written effectively "
                    + "once:\n  - " + String.join("\n  - ", problems));
        }
    }

    /** Every problem on the chain below {@code database.table}; empty when a retried block is dropped everywhere. */
    public List<String> problems(String database, String table) {
        List<String> problems = new ArrayList<>();
        visit(new Name(database, table), "the target", problems, new HashSet<>());
        return problems;
    }

    private void visit(Name name, String role, List<String> problems, Set<Name> seen) {
        if (!seen.add(name)) {
            return;
        }
        TableFacts t = catalog.table(name.database(), name.table());
        if (t == null) {
            problems.add("table " + name + " (" + role + ") does not exist");
            return;
        }
        String engine = t.engine() == null ? "" : t.engine();
        if (engine.equals("MaterializedView")) {
            Name target = viewTarget(t);
            visit(target, "target of materialized view " + name, problems, seen);
            return;
        }
        if (engine.equals("Null")) {
            if (t.dependents().isEmpty()) {
                problems.add("table " + name + " (" + role + ") has engine Null and no materialized view reads it: "
                        + "inserted rows would vanish; fix: create the materialized view(s) first");
            }
        } else if (engine.endsWith("MergeTree")) {
            checkWindows(t, role, problems);
        } else {
            problems.add("table " + name + " (" + role + ") has engine " + engine + ", which does not deduplicate "
                    + "inserts (Buffer, Memory, Log-family, Distributed, ... cannot); fix: write to a *MergeTree "
                    + "table with a deduplication window (or a Null table whose views all write to one)");
        }
        for (Name view : t.dependents()) {
            visit(view, "materialized view on " + name, problems, seen);
        }
    }

    private void checkWindows(TableFacts t, String role, List<String> problems) {
        Map<String, Long> defaults = catalog.mergeTreeDefaults();
        DedupWindow w = DedupWindow.resolve(t.name().toString(), t.engine(), t.createTableQuery(), defaults);
        if (!w.deduplicates()) {
            problems.add("table " + t.name() + " (" + role + ", " + t.engine() + ") has " + w.setting() + " = "
                    + w.window() + (w.explicit() ? "" : " (server default)") + ": a retried block would be "
                    + "duplicated there; fix: ALTER TABLE " + t.name() + " MODIFY SETTING " + w.setting() + " = 1000");
        }
        if (DedupWindow.isReplicated(t.engine())) {
            long seconds = DedupWindow.secondsWindow(t.createTableQuery(), defaults);
            if (seconds >= 0 && seconds < minWindowSeconds) {
                problems.add("table " + t.name() + " (" + role + ", " + t.engine() + ") has "
                        + DedupWindow.REPLICATED_SECONDS + " = " + seconds + ", below dedup.window.min.seconds = "
                        + minWindowSeconds + ": a block re-inserted later than that after its first attempt would "
                        + "be duplicated; fix: ALTER TABLE " + t.name() + " MODIFY SETTING "
                        + DedupWindow.REPLICATED_SECONDS + " = " + minWindowSeconds
                        + " (or lower dedup.window.min.seconds)");
            }
        }
    }

    /**
     * The table a materialized view writes to: its {@code TO db.table}, else its inner table
     * ({@code .inner_id.<uuid>} in Atomic databases, {@code .inner.<name>} in Ordinary ones).
     */
    static Name viewTarget(TableFacts view) {
        String q = view.createTableQuery() == null ? "" : view.createTableQuery();
        int at = q.indexOf("MATERIALIZED VIEW ");
        if (at >= 0) {
            int[] pos = {at + "MATERIALIZED VIEW ".length()};
            qualified(q, pos, view.name().database()); // the view's own name
            while (pos[0] < q.length() && q.charAt(pos[0]) == ' ') {
                pos[0]++;
            }
            if (q.startsWith("TO ", pos[0])) {
                pos[0] += 3;
                Name target = qualified(q, pos, view.name().database());
                if (target != null) {
                    return target;
                }
            }
        }
        String db = view.name().database();
        return view.uuid() != null && !view.uuid().isEmpty() && !view.uuid().startsWith("00000000-")
                ? new Name(db, ".inner_id." + view.uuid()) : new Name(db, ".inner." + view.name().table());
    }

    /** Parses {@code [db.]name} at {@code pos[0]} (either part bare or back-quoted), advancing it. */
    private static Name qualified(String q, int[] pos, String defaultDatabase) {
        String first = identifier(q, pos);
        if (first == null) {
            return null;
        }
        if (pos[0] < q.length() && q.charAt(pos[0]) == '.') {
            pos[0]++;
            String second = identifier(q, pos);
            return second == null ? null : new Name(first, second);
        }
        return new Name(defaultDatabase, first);
    }

    private static String identifier(String q, int[] pos) {
        Matcher m = IDENT.matcher(q);
        if (!m.find(pos[0]) || m.start() != pos[0]) {
            return null;
        }
        pos[0] = m.end();
        return m.group(1) != null ? m.group(1).replaceAll("\\\\(.)", "$1") : m.group(2);
    }
}
