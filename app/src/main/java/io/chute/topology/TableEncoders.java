package io.chute.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.avro.Schema;

import io.chute.block.ColumnLayout;
import io.chute.config.SchemaEvolution;
import io.chute.mapping.AvroColumnTypes;
import io.chute.mapping.DirectRowEncoder;
import io.chute.mapping.MappingConfigException;
import io.chute.mapping.RowEncoder;
import io.chute.mapping.RowEncoderFactory;
import io.chute.mapping.TableSchema;
import io.chute.metrics.ChuteMetrics;
import io.chute.metrics.MappingReport;

/**
 * One stream task's encoders per target table, compiled from the shared {@link TableSchemas} and recompiled when
 * its version moves, plus what {@code schema.evolution} does about writer-schema fields the table lacks. The
 * layout of the encoders in use is one {@link ColumnLayout} per table version ({@link #columns}): the sinks cut a
 * block when the columns change, the fast path drops a plan when the version moves. Stream-thread confined.
 */
final class TableEncoders {

    /** A writer field the target table has no column for. */
    static final class SchemaMismatchException extends RuntimeException {
        private final String field;

        SchemaMismatchException(String field, String message) {
            super(message);
            this.field = field;
        }

        String field() {
            return field;
        }
    }

    /**
     * Encoders of one table version. The row layout is the Avro-fed columns, then the Kafka position columns the
     * table has ({@link PositionColumns}), which the mapping code never sees.
     */
    private static final class Compiled {
        final long version;
        final RowEncoderFactory factory;
        final ColumnLayout layout;
        final TableSchema schema;
        final PositionColumns positions;
        final Map<Schema, List<Schema.Field>> missing = new HashMap<>();
        /** Writer schemas whose dropped fields this task reported for this version. */
        final Set<Schema> reported = new HashSet<>();

        Compiled(TableSchemas.Version v, PositionColumns.Names names) {
            version = v.version();
            schema = v.schema();
            positions = PositionColumns.of(schema, names);
            factory = new RowEncoderFactory(positions.avroPart(), RowEncoderFactory.UnmappedFieldPolicy.IGNORE);
            List<String> all = new ArrayList<>();
            positions.avroPart().insertableColumns().forEach(c -> all.add(c.name()));
            all.addAll(positions.names());
            layout = ColumnLayout.of(version, all);
        }

        /** Fields of the writer schema with no column of that name at all (MATERIALIZED/ALIAS ones count). */
        List<Schema.Field> missing(RowEncoder encoder) {
            return missing.computeIfAbsent(encoder.schema(), s -> {
                List<Schema.Field> out = new ArrayList<>();
                for (String name : encoder.ignoredFields()) {
                    if (!TableSchemas.hasColumn(schema, name)) {
                        out.add(s.getField(name));
                    }
                }
                return List.copyOf(out);
            });
        }
    }

    private final TableSchemas tables;
    private final SchemaEvolution evolution;
    private final MappingReport report;
    private final PositionColumns.Names positionNames;
    private final Map<String, Compiled> compiled = new HashMap<>();
    /** Per writer schema: its fields without any ClickHouse column type, with why (add-columns skips them). */
    private final Map<Schema, Map<String, List<String>>> noColumnType = new HashMap<>();

    TableEncoders(TableSchemas tables, SchemaEvolution evolution) {
        this(tables, evolution, ChuteMetrics.inMemory().mapping(), PositionColumns.Names.NONE);
    }

    TableEncoders(TableSchemas tables, SchemaEvolution evolution, MappingReport report,
                  PositionColumns.Names positionNames) {
        this.tables = tables;
        this.evolution = evolution;
        this.report = report;
        this.positionNames = positionNames;
    }

    /**
     * {@link #encoderFor(String, Schema)}, and on the first record of each writer schema per table version: reports
     * the field paths no column receives (logged once per (table, schema id), counted) and that the schema maps.
     */
    RowEncoder encoderFor(String table, Schema writer, int schemaId) throws InterruptedException {
        RowEncoder encoder = encoderFor(table, writer);
        Compiled c = compiled.get(table);
        if (c.reported.add(writer)) {
            report.mapped(table, schemaId);
            Map<String, List<String>> skipped = evolution == SchemaEvolution.ADD_COLUMNS ? noColumnType(writer)
                    : Map.of();
            report.dropped(table, schemaId, writer.getFullName(), encoder.droppedFields(), skipped.isEmpty()
                    ? "no column receives them (a table without the column, or a named Tuple with fewer elements)"
                    : "no column receives them; add-columns skips those without a ClickHouse column type: "
                    + skipped.values().stream().flatMap(List::stream).toList());
        }
        return encoder;
    }

    /**
     * The encoder for records of {@code writer} into {@code table}, after applying {@code schema.evolution} to
     * writer fields the table lacks.
     *
     * @throws MappingConfigException the schema cannot be mapped onto the table
     * @throws SchemaMismatchException a field has no column and none was (or could be) added
     */
    RowEncoder encoderFor(String table, Schema writer) throws InterruptedException {
        Compiled c = compiled(table);
        RowEncoder encoder = c.factory.encoderFor(writer);
        if (evolution == SchemaEvolution.IGNORE || encoder.ignoredFields().isEmpty()) {
            return encoder;
        }
        List<Schema.Field> missing = c.missing(encoder);
        if (missing.isEmpty()) {
            return encoder;
        }
        if (evolution == SchemaEvolution.DEAD_LETTER) {
            throw mismatch(table, writer, missing, "");
        }
        missing = withColumnType(writer, missing); // a field without one must not sink the whole record
        if (missing.isEmpty()) {
            return encoder;
        }
        try {
            tables.addColumns(table, missing);
        } catch (TableSchemas.EvolutionFailedException e) {
            throw new SchemaMismatchException(e.field(), e.getMessage());
        }
        c = compiled(table);
        encoder = c.factory.encoderFor(writer);
        missing = withColumnType(writer, c.missing(encoder));
        if (!missing.isEmpty()) {
            throw mismatch(table, writer, missing, " (DESCRIBE does not show the added column yet)");
        }
        return encoder;
    }

    /** The fields of {@code missing} that have a ClickHouse column type (the others are dropped and reported). */
    private List<Schema.Field> withColumnType(Schema writer, List<Schema.Field> missing) {
        Map<String, List<String>> without = noColumnType(writer);
        if (without.isEmpty()) {
            return missing;
        }
        return missing.stream().filter(f -> !without.containsKey(f.name())).toList();
    }

    private Map<String, List<String>> noColumnType(Schema writer) {
        return noColumnType.computeIfAbsent(writer, s -> {
            Map<String, List<String>> out = new HashMap<>();
            for (Schema.Field f : s.getFields()) {
                List<String> problems = AvroColumnTypes.problems(f);
                if (!problems.isEmpty()) {
                    out.put(f.name(), problems);
                }
            }
            return out;
        });
    }

    /**
     * The layout of the encoder {@link #encoderFor} last returned for {@code table}: the columns of the row it
     * encoded. Deliberately not refreshed here, even if another task moved the table's version since.
     */
    ColumnLayout columns(String table) {
        Compiled c = compiled.get(table);
        if (c == null) {
            throw new IllegalStateException("no row of table " + table + " was encoded yet");
        }
        return c.layout;
    }

    /** The position columns of the layout {@link #columns} returns for {@code table}: appended after each row. */
    PositionColumns positions(String table) {
        Compiled c = compiled.get(table);
        if (c == null) {
            throw new IllegalStateException("no row of table " + table + " was encoded yet");
        }
        return c.positions;
    }

    /**
     * A new fast-path encoder for records of {@code writer} into {@code table} at the table's current version, or
     * null when there is none (the schema is not flat, a column pair is not covered, or the schema cannot map).
     * Call after {@link #encoderFor} succeeded for this pair, so {@code schema.evolution} has been applied.
     */
    DirectRowEncoder direct(String table, Schema writer) {
        return compiled(table).factory.newDirectEncoder(writer);
    }

    /** True while {@code layout} is {@code table}'s current one: same version, same columns. */
    boolean isCurrent(String table, ColumnLayout layout) {
        return compiled(table).layout.equals(layout);
    }

    private Compiled compiled(String table) {
        TableSchemas.Version current = tables.current(table);
        Compiled c = compiled.get(table);
        if (c == null || c.version != current.version()) {
            c = new Compiled(current, positionNames);
            compiled.put(table, c);
        }
        return c;
    }

    private static SchemaMismatchException mismatch(String table, Schema writer, List<Schema.Field> missing,
                                                    String detail) {
        List<String> names = missing.stream().map(Schema.Field::name).toList();
        return new SchemaMismatchException(names.get(0), "field(s) " + names + " of " + writer.getFullName()
                + " have no column in table " + table + detail);
    }
}
