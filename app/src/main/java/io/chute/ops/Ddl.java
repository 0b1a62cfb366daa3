package io.chute.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;

import io.chute.mapping.AvroColumnTypes;
import io.chute.mapping.Identifiers;

/**
 * {@code chute tables create}: a MergeTree {@code CREATE TABLE} for an Avro record schema, one column per field
 * (types by {@link AvroColumnTypes}), with the deduplication window chute's tokens need.
 *
 * @param table            table name, optionally {@code db.table}
 * @param orderBy          ORDER BY columns or expressions (a bare name must be a non-Nullable column)
 * @param partitionBy      PARTITION BY expression, or null
 * @param kafkaColumns     add the Kafka position columns {@code _topic}, {@code _partition}, {@code _offset},
 *                         {@code _timestamp}, which chute fills from each record's position (the default
 *                         {@code kafka.column.*} names; defaults for rows written by others)
 * @param dedupWindow      the block window ({@code non_replicated_deduplication_window}, or
 *                         {@code replicated_deduplication_window} for Replicated engines), at least 1
 * @param engine           a *MergeTree engine without parameters; {@code Replicated...} ones get the Keeper path
 *                         {@code /clickhouse/tables/{shard}/{database}/{table}} and replica {@code {replica}} (macros)
 * @param cluster          ON CLUSTER name, or null
 * @param windowSeconds    {@code replicated_deduplication_window_seconds} (Replicated engines): at least chute's
 *                         {@code dedup.window.min.seconds}, which chute checks at start
 */
public record Ddl(String table, List<String> orderBy, String partitionBy, boolean kafkaColumns, int dedupWindow,
                  String engine, String cluster, long windowSeconds) {

    /** A plain MergeTree, no cluster. */
    public Ddl(String table, List<String> orderBy, String partitionBy, boolean kafkaColumns, int dedupWindow) {
        this(table, orderBy, partitionBy, kafkaColumns, dedupWindow, "MergeTree", null, 3600);
    }

    public Ddl {
        if (!engine.matches("[A-Za-z]*MergeTree")) {
            throw new IllegalArgumentException("--engine must be a *MergeTree engine without parameters (e.g. "
                    + "MergeTree, ReplicatedMergeTree), not " + engine + ": other engines cannot deduplicate");
        }
        if (isReplicated(engine) && windowSeconds < 1) {
            throw new IllegalArgumentException("--dedup-window-seconds must be at least 1");
        }
        if (orderBy.isEmpty()) {
            throw new IllegalArgumentException("--order-by needs at least one column");
        }
        if (dedupWindow < 1) {
            throw new IllegalArgumentException("--dedup-window must be at least 1: chute's deduplication tokens "
                    + "only work within it");
        }
    }

    /** @throws IllegalArgumentException on a non-record schema, an unmappable field or a bad ORDER BY column */
    public String create(Schema record) {
        if (record.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("the schema must be a record, not " + record.getType());
        }
        Map<String, String> columns = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Schema.Field f : record.getFields()) {
            problems.addAll(AvroColumnTypes.problems(f));
        }
        if (!problems.isEmpty()) { // every field at once, not one per run
            throw new IllegalArgumentException(problems.size() + " field(s) have no ClickHouse column type:\n  "
                    + String.join("\n  ", problems));
        }
        for (Schema.Field f : record.getFields()) {
            String type = AvroColumnTypes.of(f.schema(), f.name());
            columns.put(f.name(), type);
            lines.add("    " + Identifiers.quoteIfNeeded(f.name()) + " " + type
                    + (f.doc() == null ? "" : " COMMENT " + Identifiers.literal(f.doc())));
        }
        if (kafkaColumns) {
            lines.add("    _topic LowCardinality(String) DEFAULT ''");
            lines.add("    _partition Int32 DEFAULT -1");
            lines.add("    _offset Int64 DEFAULT -1");
            lines.add("    _timestamp DateTime64(3, 'UTC') DEFAULT 0");
            columns.put("_topic", "LowCardinality(String)");
            columns.put("_partition", "Int32");
            columns.put("_offset", "Int64");
            columns.put("_timestamp", "DateTime64(3, 'UTC')");
        }
        checkOrderBy(columns);
        StringBuilder sql = new StringBuilder("CREATE TABLE ").append(qualified(table))
                .append(cluster == null || cluster.isBlank() ? ""
                        : " ON CLUSTER " + Identifiers.quoteIfNeeded(cluster.trim()))
                .append("\n(\n").append(String.join(",\n", lines)).append("\n)\nENGINE = ").append(engine)
                .append(replicated() ? "('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')" : "")
                .append('\n');
        if (partitionBy != null && !partitionBy.isBlank()) {
            sql.append("PARTITION BY ").append(partitionBy.trim()).append('\n');
        }
        sql.append("ORDER BY ").append(orderBy.size() == 1 ? orderKey(orderBy.get(0))
                : "(" + String.join(", ", orderBy.stream().map(Ddl::orderKey).toList()) + ")").append('\n');
        if (replicated()) {
            sql.append("SETTINGS replicated_deduplication_window = ").append(dedupWindow)
                    .append(", replicated_deduplication_window_seconds = ").append(windowSeconds);
        } else {
            sql.append("SETTINGS non_replicated_deduplication_window = ").append(dedupWindow);
        }
        return sql.toString();
    }

    private boolean replicated() {
        return isReplicated(engine);
    }

    private static boolean isReplicated(String engine) {
        return engine.startsWith("Replicated") || engine.startsWith("Shared");
    }

    private void checkOrderBy(Map<String, String> columns) {
        for (String key : orderBy) {
            String k = key.trim();
            if (!k.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                continue; // an expression: ClickHouse checks it
            }
            String type = columns.get(k);
            if (type == null) {
                throw new IllegalArgumentException("ORDER BY column '" + k + "' is not a column: " + columns.keySet());
            }
            if (type.startsWith("Nullable(")) {
                throw new IllegalArgumentException("ORDER BY column '" + k + "' is " + type + ": MergeTree keys "
                        + "cannot be Nullable (make the Avro field non-optional or order by another column)");
            }
        }
    }

    /** A key is an expression (e.g. {@code toDate(ts)}), written as given: a plain name needs no quotes either. */
    private static String orderKey(String key) {
        return key.trim();
    }

    private static String qualified(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? Identifiers.quoteIfNeeded(name) : Identifiers.quoteIfNeeded(name.substring(0, dot)) + "."
                + Identifiers.quoteIfNeeded(name.substring(dot + 1));
    }
}
