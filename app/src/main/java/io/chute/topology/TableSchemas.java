package io.chute.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.chute.mapping.TableSchema;

/**
 * The target tables' columns, shared by every stream task of the process, each with a version that grows when
 * {@link #addColumns} changed the table. Tasks compile their encoders from {@link #current}; a task that sees a
 * newer version than its encoders' recompiles them, so a column one task added reaches every task.
 *
 * <p>Reads are lock-free. {@link #addColumns} is serialized per process, runs each column's ALTER at most once per
 * (table, field) per process, and relies on {@code ADD COLUMN IF NOT EXISTS} when several instances race.
 */
public final class TableSchemas {
    private static final Logger LOG = LoggerFactory.getLogger(TableSchemas.class);

    /** Changes and reads a table in ClickHouse. */
    public interface Evolver {
        /**
         * Adds a column for {@code field} unless the table has one ({@code IF NOT EXISTS}); waits out transient
         * ClickHouse failures.
         *
         * @throws IllegalArgumentException the field's Avro type has no ClickHouse column type (never retried)
         * @throws RuntimeException         ClickHouse refused the ALTER (tried again for the next record)
         */
        void addColumn(String table, Schema.Field field) throws InterruptedException;

        /** The table's columns as DESCRIBE reports them now; waits out transient ClickHouse failures. */
        TableSchema describe(String table) throws InterruptedException;
    }

    /** A table's columns and the version of that column set in this process (starts at 0). */
    public record Version(TableSchema schema, long version) {
    }

    /** A column could not be added: the record that needed it is dead-lettered as {@code schema_mismatch}. */
    static final class EvolutionFailedException extends RuntimeException {
        private final String field;

        EvolutionFailedException(String field, String message, Throwable cause) {
            super(message, cause);
            this.field = field;
        }

        String field() {
            return field;
        }
    }

    private final Map<String, Version> tables = new ConcurrentHashMap<>();
    private final Evolver evolver;
    private final Set<String> altered = ConcurrentHashMap.newKeySet();
    /** (table, field) whose Avro type has no column type: such records fail without another ALTER. */
    private final Map<String, String> unmappable = new ConcurrentHashMap<>();

    /** @param evolver null when tables never change ({@link #addColumns} then fails) */
    public TableSchemas(Map<String, TableSchema> initial, Evolver evolver) {
        initial.forEach((name, schema) -> tables.put(name, new Version(schema, 0)));
        this.evolver = evolver;
    }

    /** Tables that never change (tests, and the modes that do not add columns). */
    public static TableSchemas fixed(Map<String, TableSchema> tables) {
        return new TableSchemas(tables, null);
    }

    public Set<String> names() {
        return tables.keySet();
    }

    public int size() {
        return tables.size();
    }

    /** The table's current columns and version. */
    public Version current(String table) {
        Version v = tables.get(table);
        if (v == null) {
            throw new IllegalArgumentException("unknown table " + table);
        }
        return v;
    }

    /**
     * Makes {@code table} have a column for each of {@code fields}: ALTERs the ones this process has not added yet,
     * then re-reads the table. Returns the (possibly new) version; fields may still lack columns if DESCRIBE does
     * not show them yet.
     *
     * @throws EvolutionFailedException a column could not be added (unmappable type, or ClickHouse refused)
     */
    public synchronized Version addColumns(String table, List<Schema.Field> fields) throws InterruptedException {
        Version now = current(table);
        List<Schema.Field> missing = new ArrayList<>();
        for (Schema.Field f : fields) {
            if (!hasColumn(now.schema(), f.name())) {
                missing.add(f);
            }
        }
        if (missing.isEmpty()) {
            return now; // another task of this process added them meanwhile
        }
        if (evolver == null) {
            throw new EvolutionFailedException(missing.get(0).name(), "table " + table + " cannot be changed", null);
        }
        for (Schema.Field f : missing) {
            addColumn(table, f);
        }
        TableSchema fresh = evolver.describe(table);
        if (fresh.equals(now.schema())) {
            return now;
        }
        Version next = new Version(fresh, now.version() + 1);
        tables.put(table, next);
        LOG.info("table {} now has columns {} (version {})", table, fresh.columns().stream()
                .map(TableSchema.Column::name).toList(), next.version());
        return next;
    }

    private void addColumn(String table, Schema.Field f) throws InterruptedException {
        String key = table + '\u0000' + f.name();
        String knownFailure = unmappable.get(key);
        if (knownFailure != null) {
            throw new EvolutionFailedException(f.name(), knownFailure, null);
        }
        if (altered.contains(key)) {
            return;
        }
        try {
            evolver.addColumn(table, f);
            altered.add(key);
        } catch (IllegalArgumentException e) {
            String message = "cannot add a column for field '" + f.name() + "' to table " + table + ": "
                    + e.getMessage();
            unmappable.put(key, message);
            throw new EvolutionFailedException(f.name(), message, e);
        } catch (RuntimeException e) {
            LOG.warn("ClickHouse refused to add column '{}' to table {}: {}", f.name(), table, e.toString());
            throw new EvolutionFailedException(f.name(), "ClickHouse refused to add a column for field '"
                    + f.name() + "' to table " + table + ": " + e.getMessage(), e);
        }
    }

    /** True when the table has a column of that name, insertable or not. */
    static boolean hasColumn(TableSchema schema, String name) {
        for (TableSchema.Column c : schema.columns()) {
            if (c.name().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
