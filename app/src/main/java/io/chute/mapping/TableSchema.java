package io.chute.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A ClickHouse table's columns as {@code DESCRIBE TABLE} reports them.
 */
public record TableSchema(String table, List<Column> columns) {

    /** The {@code default_type} column of DESCRIBE. */
    public enum DefaultKind {
        /** No default expression: the column takes its type's default (0, '', NULL) only if omitted. */
        NONE,
        DEFAULT,
        /** Computed, cannot be inserted. */
        MATERIALIZED,
        /** Computed on read, cannot be inserted. */
        ALIAS,
        /** Not stored; may be inserted to feed other defaults. */
        EPHEMERAL;

        /** Parses DESCRIBE's {@code default_type} ('' means NONE). */
        public static DefaultKind fromDescribe(String text) {
            return text == null || text.isEmpty() ? NONE : valueOf(text.toUpperCase(Locale.ROOT));
        }
    }

    /** One column. {@code defaultExpression} may be empty. */
    public record Column(String name, ClickHouseType type, DefaultKind defaultKind, String defaultExpression) {
        public Column {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(defaultKind, "defaultKind");
        }

        /** A column from DESCRIBE's name, type and default_type strings. */
        public static Column describe(String name, String type, String defaultType) {
            return new Column(name, ClickHouseTypeParser.parse(type), DefaultKind.fromDescribe(defaultType), "");
        }

        /** False for MATERIALIZED and ALIAS columns, which an INSERT cannot name. */
        public boolean insertable() {
            return defaultKind != DefaultKind.MATERIALIZED && defaultKind != DefaultKind.ALIAS;
        }

        /**
         * True when ClickHouse can fill the column itself in RowBinaryWithDefaults: it has a DEFAULT or EPHEMERAL
         * expression, or it is Nullable (its default is NULL).
         */
        public boolean hasUsableDefault() {
            return hasDefaultExpression()
                    || ClickHouseType.unwrapLowCardinality(type) instanceof ClickHouseType.Nullable;
        }

        /** True for DEFAULT and EPHEMERAL columns: the default marker gives their expression's value. */
        public boolean hasDefaultExpression() {
            return defaultKind == DefaultKind.DEFAULT || defaultKind == DefaultKind.EPHEMERAL;
        }
    }

    public TableSchema {
        Objects.requireNonNull(table, "table");
        columns = List.copyOf(columns);
    }

    /** The columns an INSERT names, in table order: all but MATERIALIZED and ALIAS. */
    public List<Column> insertableColumns() {
        List<Column> out = new ArrayList<>();
        for (Column c : columns) {
            if (c.insertable()) {
                out.add(c);
            }
        }
        return out;
    }
}
