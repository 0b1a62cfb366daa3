package io.chute.sink;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;

import io.chute.mapping.Identifiers;
import io.chute.mapping.TableSchema;

/** Reads what startup needs to know about a target table, over the shared client-v2 client. */
public final class TableInspector {

    private final Client client;
    private final String database;

    /** @param database database of the tables; null for the server's current database */
    public TableInspector(Client client, String database) {
        this.client = Objects.requireNonNull(client);
        this.database = database;
    }

    /** Columns of {@code DESCRIBE TABLE}, in table order. Fails (client exception) if the table is missing. */
    public List<ColumnInfo> describe(String table) {
        String name = Identifiers.qualified(database, table);
        return client.queryAll("DESCRIBE TABLE " + name).stream()
                .map(r -> new ColumnInfo(r.getString("name"), r.getString("type"), r.getString("default_type"),
                        r.getString("default_expression")))
                .toList();
    }

    /** The table's columns as a {@link TableSchema} (see {@link #describe}). */
    public TableSchema schema(String table) {
        return new TableSchema(table, describe(table).stream()
                .map(c -> TableSchema.Column.describe(c.name(), c.type(), c.defaultKind()))
                .toList());
    }

    /**
     * Offsets in {@code [from, to]} of a source partition that rows of {@code table} carry, by its Kafka position
     * columns (topic, partition, offset column names); null for a table that stores nothing ({@code Null}), whose
     * rows live on only in its views' targets.
     */
    public Set<Long> landedOffsets(String table, String topicColumn, String partitionColumn,
                                             String offsetColumn, String topic, int partition, long from, long to) {
        String name = Identifiers.qualified(database, table);
        String db = database == null ? "currentDatabase()" : Identifiers.literal(database);
        List<GenericRecord> engine = client.queryAll("SELECT engine FROM system.tables WHERE database = " + db
                + " AND name = " + Identifiers.literal(table));
        if (engine.isEmpty() || "Null".equals(engine.get(0).getString("engine"))) {
            return null;
        }
        String offset = Identifiers.quote(offsetColumn);
        Set<Long> out = new HashSet<>();
        client.queryAll("SELECT DISTINCT toInt64(" + offset + ") AS o FROM " + name + " WHERE "
                        + Identifiers.quote(topicColumn) + " = " + Identifiers.literal(topic) + " AND "
                        + Identifiers.quote(partitionColumn) + " = " + partition + " AND " + offset + " BETWEEN "
                        + from + " AND " + to)
                .forEach(r -> out.add(r.getLong("o")));
        return out;
    }

    /** True when the server knows the session setting {@code name} (settings differ across versions). */
    public boolean serverHasSetting(String name) {
        return !client.queryAll("SELECT name FROM system.settings WHERE name = " + Identifiers.literal(name))
                .isEmpty();
    }

    /**
     * Checks the whole chain below {@code table}: the table, every materialized view depending on it (recursively)
     * and each view's target.
     *
     * @throws FatalSinkException naming table, setting and fix for each table that could not deduplicate a retry
     */
    public void requireDeduplicatingChain(String table, long minWindowSeconds) {
        String db = database != null ? database
                : client.queryAll("SELECT currentDatabase() AS db").get(0).getString("db");
        if (facts(db, table) == null) { // the target itself: the one-line start-up error, not a chain problem
            throw new FatalSinkException("table '" + table + "' not found in database " + db);
        }
        Map<String, Long> defaults = serverDefaults();
        new DedupChain(new DedupChain.Catalog() {
            @Override
            public DedupChain.TableFacts table(String database, String name) {
                return facts(database, name);
            }

            @Override
            public Map<String, Long> mergeTreeDefaults() {
                return defaults;
            }
        }, minWindowSeconds).require(db, table);
    }

    private DedupChain.TableFacts facts(String db, String name) {
        List<GenericRecord> rows = client.queryAll("SELECT engine, create_table_query, toString(uuid) AS id,"
                + " dependencies_database, dependencies_table FROM system.tables WHERE database = "
                + Identifiers.literal(db) + " AND name = " + Identifiers.literal(name));
        if (rows.isEmpty()) {
            return null;
        }
        GenericRecord r = rows.get(0);
        String[] dbs = r.getStringArray("dependencies_database");
        String[] names = r.getStringArray("dependencies_table");
        List<DedupChain.Name> dependents = new ArrayList<>();
        for (int i = 0; i < Math.min(dbs.length, names.length); i++) {
            dependents.add(new DedupChain.Name(dbs[i], names[i]));
        }
        return new DedupChain.TableFacts(new DedupChain.Name(db, name), r.getString("engine"),
                r.getString("create_table_query"), r.getString("id"), dependents);
    }

    private Map<String, Long> serverDefaults() {
        Map<String, Long> defaults = new HashMap<>();
        client.queryAll("SELECT name, value FROM system.merge_tree_settings WHERE name IN ("
                        + Identifiers.literal(DedupWindow.NON_REPLICATED) + ", "
                        + Identifiers.literal(DedupWindow.REPLICATED) + ", "
                        + Identifiers.literal(DedupWindow.REPLICATED_SECONDS) + ")")
                .forEach(r -> defaults.put(r.getString("name"), Long.parseLong(r.getString("value").trim())));
        return defaults;
    }
}
