package io.chute.topology;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.chute.config.ChuteConfig;
import io.chute.mapping.ClickHouseType;
import io.chute.mapping.MappingConfigException;
import io.chute.mapping.RowBinaryBuffer;
import io.chute.mapping.TableSchema;

/**
 * The part of a table's row layout fed from the record's Kafka position rather than its Avro value: the columns
 * named by {@code kafka.column.topic|partition|offset|timestamp} that the table has (insertable). Rows are the Avro
 * columns first ({@link #avroPart()}, encoded by the mapping code) and then these ({@link #names()}), appended by
 * {@link #write}: RowBinaryWithDefaults follows the INSERT's column list, not the table order. The same record
 * always gets the same bytes (topic, partition, offset and broker timestamp are part of the record), so a re-formed
 * block is identical. Immutable and thread-safe, except {@link #write}'s one-entry topic cache (per task anyway).
 */
public final class PositionColumns {

    /** The configured column name of each position; empty strings are never filled. */
    public record Names(String topic, String partition, String offset, String timestamp) {
        public static Names from(ChuteConfig config) {
            return new Names(config.getString(ChuteConfig.KAFKA_COLUMN_TOPIC_CONFIG),
                    config.getString(ChuteConfig.KAFKA_COLUMN_PARTITION_CONFIG),
                    config.getString(ChuteConfig.KAFKA_COLUMN_OFFSET_CONFIG),
                    config.getString(ChuteConfig.KAFKA_COLUMN_TIMESTAMP_CONFIG));
        }

        static final Names NONE = new Names("", "", "", "");
    }

    /** The columns that identify a row's source record: enough to ask the table which offsets it holds. */
    public record Identity(String topic, String partition, String offset) {
    }

    private enum Position { TOPIC, PARTITION, OFFSET, TIMESTAMP }

    /** One position column: what it holds and how it is written. */
    private record Slot(String name, Position position, boolean nullable, ClickHouseType type) {
    }

    private final TableSchema avroPart;
    private final List<String> names;
    private final Slot[] slots;
    private String lastTopic;
    private byte[] lastTopicBytes;

    private PositionColumns(TableSchema avroPart, List<String> names, Slot[] slots) {
        this.avroPart = avroPart;
        this.names = List.copyOf(names);
        this.slots = slots;
    }

    /**
     * Splits {@code table} into its Avro-fed part and its position columns.
     *
     * @throws MappingConfigException naming table, column and type when a position column has a type that cannot
     *                                hold the position
     */
    public static PositionColumns of(TableSchema table, Names config) {
        List<TableSchema.Column> rest = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Slot> slots = new ArrayList<>();
        for (TableSchema.Column c : table.columns()) {
            Position p = !c.insertable() ? null : c.name().equals(config.topic()) ? Position.TOPIC
                    : c.name().equals(config.partition()) ? Position.PARTITION
                    : c.name().equals(config.offset()) ? Position.OFFSET
                    : c.name().equals(config.timestamp()) ? Position.TIMESTAMP : null;
            if (p == null) {
                rest.add(c);
                continue;
            }
            ClickHouseType type = ClickHouseType.unwrapLowCardinality(c.type());
            boolean nullable = type instanceof ClickHouseType.Nullable;
            if (type instanceof ClickHouseType.Nullable n) {
                type = ClickHouseType.unwrapLowCardinality(n.inner());
            }
            if (!fits(p, type)) {
                throw new MappingConfigException("column '" + c.name() + "' of table " + table.table() + " is "
                        + c.type() + ", which cannot hold the Kafka " + p.name().toLowerCase(Locale.ROOT)
                        + " (" + expected(p) + ")");
            }
            names.add(c.name());
            slots.add(new Slot(c.name(), p, nullable, type));
        }
        return new PositionColumns(new TableSchema(table.table(), rest), names, slots.toArray(new Slot[0]));
    }

    /** The table without its position columns: what the Avro value is mapped onto. */
    public TableSchema avroPart() {
        return avroPart;
    }

    /** The position columns this table has, in the order {@link #write} appends them. */
    public List<String> names() {
        return names;
    }

    public boolean isEmpty() {
        return slots.length == 0;
    }

    /** The topic, partition and offset columns, or null unless the table has all three. */
    public Identity identity() {
        String topic = null;
        String partition = null;
        String offset = null;
        for (Slot s : slots) {
            switch (s.position()) {
                case TOPIC -> topic = s.name();
                case PARTITION -> partition = s.name();
                case OFFSET -> offset = s.name();
                default -> { }
            }
        }
        return topic == null || partition == null || offset == null ? null : new Identity(topic, partition, offset);
    }

    /** Appends the position columns of one record (after its Avro columns). */
    public void write(String topic, int partition, long offset, long timestamp, RowBinaryBuffer out) {
        for (Slot s : slots) {
            out.writeByte(0); // a value, not the column default
            if (s.nullable()) {
                out.writeByte(0);
            }
            switch (s.position()) {
                case TOPIC -> writeTopic(topic, out);
                case PARTITION -> writeInteger(partition, s.type(), out);
                case OFFSET -> writeInteger(offset, s.type(), out);
                case TIMESTAMP -> writeTimestamp(timestamp, s.type(), out);
                default -> throw new IllegalStateException();
            }
        }
    }

    private void writeTopic(String topic, RowBinaryBuffer out) {
        if (topic != lastTopic) {
            lastTopic = topic;
            lastTopicBytes = topic.getBytes(StandardCharsets.UTF_8);
        }
        out.writeString(lastTopicBytes, 0, lastTopicBytes.length);
    }

    private static void writeInteger(long v, ClickHouseType type, RowBinaryBuffer out) {
        if (((ClickHouseType.Simple) type).kind().width() == 4) {
            out.writeIntLE((int) v);
        } else {
            out.writeLongLE(v);
        }
    }

    private static void writeTimestamp(long millis, ClickHouseType type, RowBinaryBuffer out) {
        if (type instanceof ClickHouseType.DateTime64 d) {
            int p = d.precision();
            out.writeLongLE(p >= 3 ? millis * pow10(p - 3) : Math.floorDiv(millis, pow10(3 - p)));
        } else if (type instanceof ClickHouseType.DateTime) {
            out.writeIntLE((int) Math.floorDiv(millis, 1000L));
        } else {
            out.writeLongLE(millis);
        }
    }

    private static long pow10(int n) {
        long v = 1;
        for (int i = 0; i < n; i++) {
            v *= 10;
        }
        return v;
    }

    /** Only types every position value fits without a range check (partitions are non-negative ints). */
    private static boolean fits(Position p, ClickHouseType type) {
        ClickHouseType.Kind kind = type instanceof ClickHouseType.Simple s ? s.kind() : null;
        return switch (p) {
            case TOPIC -> kind == ClickHouseType.Kind.String;
            case PARTITION -> kind == ClickHouseType.Kind.Int32 || kind == ClickHouseType.Kind.UInt32
                    || kind == ClickHouseType.Kind.Int64 || kind == ClickHouseType.Kind.UInt64;
            case OFFSET -> kind == ClickHouseType.Kind.Int64 || kind == ClickHouseType.Kind.UInt64;
            case TIMESTAMP -> type instanceof ClickHouseType.DateTime64 || type instanceof ClickHouseType.DateTime
                    || kind == ClickHouseType.Kind.Int64 || kind == ClickHouseType.Kind.UInt64;
        };
    }

    private static String expected(Position p) {
        return switch (p) {
            case TOPIC -> "String or LowCardinality(String)";
            case PARTITION -> "Int32, UInt32, Int64 or UInt64";
            case OFFSET -> "Int64 or UInt64";
            case TIMESTAMP -> "DateTime64, DateTime, or Int64/UInt64 epoch millis";
        };
    }
}
