package io.chute.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.config.ConfigException;

/**
 * The ClickHouse settings every chute INSERT carries: the ones chute pins for exactness, plus the user's
 * {@code clickhouse.settings.<name>=<value>} pass-through, minus what would break exactness (refused at config
 * validation, naming the key).
 *
 * <p>Why each pin (ClickHouse's documentation; verified on 26.7 where the local engine can show it):
 * <ul>
 *   <li>{@code async_insert=0}: 26.2 turned async inserts on by default; queued inserts follow other
 *       deduplication rules (and none across dependent materialized views), and chute's blocks are large already;</li>
 *   <li>{@code insert_deduplicate=1}: the token is only honoured with it;</li>
 *   <li>{@code deduplicate_blocks_in_dependent_materialized_views=1}: without it a retried block dropped by the
 *       source still reaches every MV target again (measured on 26.7: 1 source row, 2 target rows); its default
 *       differs across versions.</li>
 * </ul>
 * {@code deduplicate_insert=enable} (26.2+, overrides {@code insert_deduplicate}) is added only when the server
 * knows the setting ({@link #withServerSettings}): an older server refuses unknown settings.
 */
public final class ClickHouseSettings {
    public static final String PREFIX = "clickhouse.settings.";
    public static final String DEDUPLICATE_INSERT = "deduplicate_insert";

    /** Sent on every INSERT, in this order. */
    public static final Map<String, String> PINNED = pinned();

    /** Settings a user may set only to the one value that keeps retries deduplicated, and why. */
    private static final Map<String, String[]> ONLY_VALUE = Map.of(
            DEDUPLICATE_INSERT, new String[] {"enable", "it overrides insert_deduplicate; any other value turns "
                    + "token deduplication off"},
            "materialized_views_ignore_errors", new String[] {"0", "a failed materialized view would be skipped "
                    + "and the INSERT reported as done, so the retry that would fill it never happens"});

    /** Settings a user may not set at all, and why. */
    private static final Map<String, String> REFUSED = Map.of(
            "insert_deduplication_token", "chute sets a token per block",
            "max_insert_block_size", "it decides how a block is cut into parts; a retry cut differently (after a "
                    + "configuration change) is not recognised as a duplicate",
            "min_insert_block_size_rows", "it decides how a block is squashed into parts (see max_insert_block_size)",
            "min_insert_block_size_bytes", "it decides how a block is squashed into parts (see max_insert_block_size)",
            "min_insert_block_size_rows_for_materialized_views", "it decides how materialized-view blocks are "
                    + "squashed, so a retry's MV blocks might not match the first attempt's",
            "min_insert_block_size_bytes_for_materialized_views", "it decides how materialized-view blocks are "
                    + "squashed, so a retry's MV blocks might not match the first attempt's");

    private final Map<String, String> all;

    private ClickHouseSettings(Map<String, String> all) {
        this.all = Collections.unmodifiableMap(all);
    }

    private static Map<String, String> pinned() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("async_insert", "0");
        m.put("insert_deduplicate", "1");
        m.put("deduplicate_blocks_in_dependent_materialized_views", "1");
        return Collections.unmodifiableMap(m);
    }

    /**
     * Validates the user's settings (keys without the prefix) and merges them after the pinned ones.
     *
     * @throws ConfigException naming {@code clickhouse.settings.<name>} when a setting would break exactness
     */
    public static ClickHouseSettings of(Map<String, ?> user) {
        Map<String, String> all = new LinkedHashMap<>(PINNED);
        new TreeMap<>(user).forEach((name, raw) -> {
            String value = String.valueOf(raw).trim();
            check(name, value);
            all.put(name, value);
        });
        return new ClickHouseSettings(all);
    }

    /** Everything to send with each INSERT (pinned first, then the user's), unmodifiable. */
    public Map<String, String> asMap() {
        return all;
    }

    /**
     * These settings plus {@code deduplicate_insert=enable} when the server has that setting (and the user did not
     * set it already).
     */
    public ClickHouseSettings withServerSettings(boolean serverKnowsDeduplicateInsert) {
        if (!serverKnowsDeduplicateInsert || all.containsKey(DEDUPLICATE_INSERT)) {
            return this;
        }
        Map<String, String> more = new LinkedHashMap<>(all);
        more.put(DEDUPLICATE_INSERT, "enable");
        return new ClickHouseSettings(more);
    }

    private static void check(String name, String value) {
        String key = PREFIX + name;
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new ConfigException(key, value, "not a ClickHouse setting name");
        }
        String pinned = PINNED.get(name);
        if (pinned != null && !pinned.equals(value)) {
            throw new ConfigException(key, value, "chute pins " + name + "=" + pinned + " on every insert: "
                    + "effectively-once depends on it (see README, ClickHouse versions and settings)");
        }
        String[] only = ONLY_VALUE.get(name);
        if (only != null && !only[0].equals(value)) {
            throw new ConfigException(key, value, "only " + name + "=" + only[0] + " is allowed: " + only[1]);
        }
        String why = REFUSED.get(name);
        if (why != null) {
            throw new ConfigException(key, value, "chute does not pass " + name + " through: " + why);
        }
    }
}
