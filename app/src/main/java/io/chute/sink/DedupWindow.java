package io.chute.sink;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many recent insert tokens a table remembers, and which setting says so. Effectively-once needs it above 0:
 * a re-inserted block is only dropped if its token is still in the window. The window must also cover every
 * insert that can happen between a block's first attempt and its re-insert after a crash: the block itself, its
 * bisection slices, and the concurrent inserts of other partitions into the same table.
 *
 * @param setting the governing setting, null when the engine does not deduplicate at all
 * @param explicit true when set in the table's SETTINGS, false when it is the server default
 */
public record DedupWindow(String table, String engine, String setting, long window, boolean explicit) {

    public static final String NON_REPLICATED = "non_replicated_deduplication_window";
    public static final String REPLICATED = "replicated_deduplication_window";
    /** Replicated* and Shared* tables also forget a token this many seconds after its insert. */
    public static final String REPLICATED_SECONDS = "replicated_deduplication_window_seconds";

    /**
     * Pure resolution from {@code system.tables} facts.
     *
     * @param serverDefaults values of the two settings from {@code system.merge_tree_settings}
     */
    public static DedupWindow resolve(String table, String engine, String createTableQuery,
                                      Map<String, Long> serverDefaults) {
        if (engine == null || !engine.endsWith("MergeTree")) {
            return new DedupWindow(table, engine, null, 0, false);
        }
        String setting = isReplicated(engine) ? REPLICATED : NON_REPLICATED;
        Long explicit = fromSettingsClause(createTableQuery, setting);
        if (explicit != null) {
            return new DedupWindow(table, engine, setting, explicit, true);
        }
        return new DedupWindow(table, engine, setting, serverDefaults.getOrDefault(setting, 0L), false);
    }

    /** True for engines whose tokens live in Keeper and also expire by age ({@link #REPLICATED_SECONDS}). */
    public static boolean isReplicated(String engine) {
        return engine != null && (engine.startsWith("Replicated") || engine.startsWith("Shared"))
                && engine.endsWith("MergeTree");
    }

    /**
     * The table's {@link #REPLICATED_SECONDS}: from its SETTINGS clause, else the server default (-1 when unknown).
     */
    public static long secondsWindow(String createTableQuery, Map<String, Long> serverDefaults) {
        Long explicit = fromSettingsClause(createTableQuery, REPLICATED_SECONDS);
        return explicit != null ? explicit : serverDefaults.getOrDefault(REPLICATED_SECONDS, -1L);
    }

    /** True when re-sent blocks are deduplicated. */
    public boolean deduplicates() {
        return setting != null && window > 0;
    }

    /**
     * @throws FatalSinkException naming the setting to change when the table does not deduplicate
     */
    public void requireEnabled() {
        if (setting == null) {
            throw new FatalSinkException("table '" + table + "' has engine " + engine
                    + ", which does not deduplicate inserts; effectively-once delivery needs a *MergeTree table");
        }
        if (window <= 0) {
            throw new FatalSinkException("table '" + table + "' (" + engine + ") has " + setting + " = " + window
                    + ", so re-sent blocks would be duplicated; run ALTER TABLE " + table + " MODIFY SETTING "
                    + setting + " = 1000 (or more)");
        }
    }

    private static Long fromSettingsClause(String createTableQuery, String setting) {
        if (createTableQuery == null) {
            return null;
        }
        int settingsAt = createTableQuery.lastIndexOf("SETTINGS ");
        if (settingsAt < 0) {
            return null;
        }
        // The look-behind keeps "replicated_..." from matching inside "non_replicated_...".
        Matcher m = Pattern.compile("(?<![A-Za-z0-9_])" + setting + "\\s*=\\s*'?(\\d+)")
                .matcher(createTableQuery.substring(settingsAt));
        return m.find() ? Long.valueOf(m.group(1)) : null;
    }
}
