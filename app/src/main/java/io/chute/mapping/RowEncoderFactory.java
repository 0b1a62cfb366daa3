package io.chute.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;

/**
 * Compiles and caches {@link RowEncoder}s for one table, one per Avro record schema. Thread-safe.
 *
 * <p>Column check at compile time (never per row): every insertable column (not MATERIALIZED/ALIAS) must either have
 * an Avro field of the same name (exact, case-sensitive) or a default ClickHouse can fill (DEFAULT, EPHEMERAL, or a
 * Nullable type); otherwise {@link MappingConfigException} naming the column. Avro fields without a column are
 * dropped ({@link UnmappedFieldPolicy#IGNORE}, listed in {@link RowEncoder#ignoredFields()}) or rejected
 * ({@link UnmappedFieldPolicy#FAIL}). Every column that cannot map is named in one {@link MappingConfigException}.
 */
public final class RowEncoderFactory {
    /** What to do with Avro fields that have no column. */
    public enum UnmappedFieldPolicy { IGNORE, FAIL }

    private final TableSchema table;
    private final UnmappedFieldPolicy policy;
    /** A compiled encoder or the configuration error it raised: a schema that cannot map is not recompiled per row. */
    private final Map<Schema, Object> encoders = new ConcurrentHashMap<>();

    public RowEncoderFactory(TableSchema table, UnmappedFieldPolicy policy) {
        this.table = table;
        this.policy = policy;
    }

    public TableSchema table() {
        return table;
    }

    /**
     * The encoder for records of {@code recordSchema}, compiled on first use. Without a per-target reader schema,
     * each writer schema gets its own encoder; one that cannot map throws here for every record of that schema
     * (the error is cached), and the caller decides (typically: reject as {@code mapping_failed}).
     *
     * @throws MappingConfigException the schema cannot be mapped onto the table
     */
    public RowEncoder encoderFor(Schema recordSchema) {
        Object cached = encoders.get(recordSchema);
        if (cached == null) {
            cached = encoders.computeIfAbsent(recordSchema, s -> {
                try {
                    return compile(s, table, policy);
                } catch (MappingConfigException e) {
                    return e;
                }
            });
        }
        if (cached instanceof MappingConfigException e) {
            throw new MappingConfigException(e.getMessage(), e.columns());
        }
        return (RowEncoder) cached;
    }

    /**
     * A new fast-path encoder (one per task: not thread-safe) for records of {@code recordSchema}, from the program
     * compiled with its generic encoder; null when there is none (the schema is not flat, a column pair has no
     * fast operation, or the schema cannot map).
     */
    public DirectRowEncoder newDirectEncoder(Schema recordSchema) {
        try {
            DirectRowEncoder.Program program = encoderFor(recordSchema).direct();
            return program == null ? null : program.newEncoder();
        } catch (MappingConfigException e) {
            return null;
        }
    }

    /**
     * Compiles an encoder without caching.
     *
     * @throws MappingConfigException the schema cannot be mapped onto the table
     */
    public static RowEncoder compile(Schema recordSchema, TableSchema table, UnmappedFieldPolicy policy) {
        if (recordSchema.getType() != Schema.Type.RECORD) {
            throw new MappingConfigException("table " + table.table() + ": Avro schema must be a record, got "
                    + recordSchema.getType());
        }
        List<TableSchema.Column> columns = table.insertableColumns();
        List<String> names = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> failedColumns = new ArrayList<>();
        RowEncoder.ColumnSlot[] slots = new RowEncoder.ColumnSlot[columns.size()];
        for (int i = 0; i < slots.length; i++) {
            TableSchema.Column c = columns.get(i);
            names.add(c.name());
            try {
                slots[i] = slot(recordSchema, c, table.table(), dropped);
            } catch (MappingConfigException e) { // every column that cannot map is reported, not just the first
                problems.add(e.getMessage());
                failedColumns.add(c.name());
            }
        }
        if (!problems.isEmpty()) {
            throw new MappingConfigException(String.join("; ", problems), failedColumns);
        }
        List<String> ignored = new ArrayList<>();
        for (Schema.Field f : recordSchema.getFields()) {
            if (!names.contains(f.name())) {
                ignored.add(f.name());
            }
        }
        if (policy == UnmappedFieldPolicy.FAIL && !ignored.isEmpty()) {
            throw new MappingConfigException("table " + table.table() + " has no columns for Avro fields " + ignored);
        }
        dropped.addAll(0, ignored);
        return new RowEncoder(recordSchema, names, slots, ignored, dropped,
                DirectRowEncoder.compile(recordSchema, columns));
    }

    private static RowEncoder.ColumnSlot slot(Schema recordSchema, TableSchema.Column c, String tableName,
                                              List<String> dropped) {
        boolean nullable = ClickHouseType.unwrapLowCardinality(c.type()) instanceof ClickHouseType.Nullable;
        Schema.Field field = recordSchema.getField(c.name());
        if (field == null) {
            if (!c.hasUsableDefault()) {
                throw new MappingConfigException("column '" + c.name() + "' of table " + tableName
                        + " has no Avro field in " + recordSchema.getFullName() + " and no default",
                        List.of(c.name()));
            }
            return new RowEncoder.ColumnSlot(c.name(), -1, nullable, true, null);
        }
        // for a Nullable column the compiled writer emits the NULL marker itself
        ValueWriter writer = WriterCompiler.compile(field.schema(), c.type(), c.name(), dropped);
        return new RowEncoder.ColumnSlot(c.name(), field.pos(), nullable, nullTakesDefault(field, c), writer);
    }

    /**
     * Whether a null of {@code field} into non-Nullable column {@code c} becomes the default marker (both paths ask
     * here): the column has a DEFAULT/EPHEMERAL expression, or the pair's {@link NullRule} is EMPTY (Array, Map,
     * Tuple: the marker gives the DEFAULT if any, else the type's empty value).
     */
    static boolean nullTakesDefault(Schema.Field field, TableSchema.Column c) {
        return c.hasDefaultExpression()
                || WriterCompiler.nullRule(nonNull(field.schema()), c.type()) == NullRule.EMPTY;
    }

    /** The non-null branch of a union with null, else the schema itself. */
    static Schema nonNull(Schema s) {
        if (s.getType() != Schema.Type.UNION) {
            return s;
        }
        for (Schema b : s.getTypes()) {
            if (b.getType() != Schema.Type.NULL) {
                return b;
            }
        }
        return s;
    }
}
