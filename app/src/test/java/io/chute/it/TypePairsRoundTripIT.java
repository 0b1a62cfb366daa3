package io.chute.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.clickhouse.client.api.Client;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

import io.chute.block.BlockBuilder;
import io.chute.block.BlockLimits;
import io.chute.localstack.LocalStack;
import io.chute.mapping.ClickHouseType;
import io.chute.mapping.DirectRowEncoder;
import io.chute.mapping.MappingException;
import io.chute.mapping.RowBinaryBuffer;
import io.chute.mapping.RowEncoder;
import io.chute.mapping.RowEncoderFactory;
import io.chute.mapping.TableSchema;
import io.chute.mapping.TypeMappings;
import io.chute.mapping.TypeSamples;
import io.chute.sink.ClickHouseBlockWriter;
import io.chute.sink.TableInspector;

/**
 * Property over the registry: for every flat (Avro type, ClickHouse type) pair of {@link TypeMappings}, random
 * values go through the generic path and the fast path (same bytes where it takes them) into the real ClickHouse
 * engine, and each landed value equals what ClickHouse's own conversion makes of the raw Avro value (inserted
 * separately as SQL literals). One table per Avro type, one column per pair; a value the pair refuses is NULL.
 * Array, Map and Tuple pairs are covered by TypeRoundTripIT and DdlPropertyIT.
 */
class TypePairsRoundTripIT {
    private static final int ROWS = 60;
    private final Random random = new Random(1212);

    @Test
    void shouldLandEqualValuesThroughBothPathsWhenEveryPairOfTheRegistryIsFedRandomValues() throws Exception {
        LocalStack stack = LocalStack.shared();
        String database = LocalStack.uniqueName("pairs").replace('-', '_');
        Map<String, List<TypeMappings.Pair>> byAvro = new LinkedHashMap<>();
        TypeMappings.all().stream().filter(p -> !List.of("Array", "Map", "Tuple").contains(p.clickHouse()))
                .forEach(p -> byAvro.computeIfAbsent(p.avro(), k -> new ArrayList<>()).add(p));
        List<String> problems = new ArrayList<>();
        int pairs = 0;
        long landed = 0;
        int direct = 0;
        try (Client client = new Client.Builder().addEndpoint(stack.clickHouseUrl()).setUsername("default")
                .setPassword("").build()) {
            client.queryAll("CREATE DATABASE " + database);
            try {
                for (Map.Entry<String, List<TypeMappings.Pair>> e : byAvro.entrySet()) {
                    Run run = new Run(client, database, e.getKey(), e.getValue());
                    run.feed();
                    problems.addAll(run.check());
                    pairs += e.getValue().size();
                    landed += run.accepted.stream().mapToLong(Integer::longValue).sum();
                    direct += run.direct;
                    assertTrue(run.direct > 0 || e.getValue().stream().noneMatch(TypeMappings.Pair::onFastPath),
                            "no row of " + e.getKey() + " took the fast path");
                }
            } finally {
                client.queryAll("DROP DATABASE IF EXISTS " + database);
            }
        }
        System.out.printf("TypePairsRoundTripIT: %d pairs, %d values landed (%d rows also through the fast path)%n",
                pairs, landed, direct);
        assertEquals(List.of(), problems);
    }

    /** One Avro type: its table (a Nullable column per pair), the raw values, the expected expressions. */
    private final class Run {
        final Client client;
        final String database;
        final String key;
        final String table;
        final List<TypeMappings.Pair> pairs;
        final Schema base;
        final Schema record;
        final List<ClickHouseType> types = new ArrayList<>();
        final List<Integer> accepted = new ArrayList<>();
        final List<String> raw = new ArrayList<>();
        int direct;

        Run(Client client, String database, String key, List<TypeMappings.Pair> pairs) {
            this.client = client;
            this.database = database;
            this.key = key;
            this.table = key.replace('/', '_').replace('-', '_');
            this.pairs = pairs;
            this.base = TypeSamples.avro(pairs.stream().filter(p -> p.clickHouse().equals("UUID")).findFirst()
                    .orElse(pairs.get(0)), random);
            List<Schema.Field> fields = new ArrayList<>();
            fields.add(new Schema.Field("id", Schema.create(Schema.Type.INT)));
            for (int k = 0; k < pairs.size(); k++) {
                fields.add(new Schema.Field("v" + k, Schema.createUnion(Schema.create(Schema.Type.NULL), base)));
                ClickHouseType type = TypeSamples.column(pairs.get(k), base, random);
                if (type instanceof ClickHouseType.FixedString && base.getType() == Schema.Type.STRING) {
                    type = new ClickHouseType.FixedString(40); // room for a UUID's text: most values land
                } else if (type instanceof ClickHouseType.Decimal) {
                    type = decimalColumn(); // wide enough that most random values land
                }
                types.add(type);
                accepted.add(0);
            }
            this.record = Schema.createRecord("Pairs_" + table, null, "it", false, fields);
        }

        private ClickHouseType decimalColumn() {
            int digits = 20;
            int scale = random.nextInt(4);
            if (base.getLogicalType() instanceof LogicalTypes.Decimal d) {
                digits = d.getPrecision() + 1;
                scale += d.getScale();
            }
            int precision = Math.min(76, digits + scale + random.nextInt(20));
            return new ClickHouseType.Decimal(precision, Math.min(scale, precision));
        }

        void feed() throws Exception {
            StringBuilder columns = new StringBuilder("id Int32");
            for (int k = 0; k < types.size(); k++) {
                columns.append(", v").append(k).append(" Nullable(").append(types.get(k)).append(')');
            }
            client.queryAll("CREATE TABLE " + database + "." + table + " (" + columns + ") ENGINE = MergeTree ORDER BY id");
            client.queryAll("CREATE TABLE " + database + ".raw_" + table + " (id Int32, raw " + rawType()
                    + ", txt String) ENGINE = MergeTree ORDER BY id");
            TableSchema schema = new TableInspector(client, database).schema(table);
            RowEncoder encoder = RowEncoderFactory.compile(record, schema, RowEncoderFactory.UnmappedFieldPolicy.FAIL);
            // the fast path compiles only when every column has a fast operation: hold it to the generic path on the
            // columns of the pairs that have one (the others stay out of this encoder, so their fields are ignored)
            List<TableSchema.Column> fastColumns = new ArrayList<>();
            for (TableSchema.Column c : schema.columns()) {
                int k = c.name().startsWith("v") ? Integer.parseInt(c.name().substring(1)) : -1;
                if (k < 0 || pairs.get(k).onFastPath()) {
                    fastColumns.add(c);
                }
            }
            RowEncoder fastGeneric = RowEncoderFactory.compile(record, new TableSchema(table, fastColumns),
                    RowEncoderFactory.UnmappedFieldPolicy.IGNORE);
            DirectRowEncoder fast = fastGeneric.direct() == null ? null : fastGeneric.direct().newEncoder();
            BlockBuilder builder = new BlockBuilder("it", table, "pairs", 0, BlockLimits.defaults(),
                    System::currentTimeMillis);
            builder.columns(encoder.columnNames());
            RowBinaryBuffer buffer = new RowBinaryBuffer();
            StringBuilder values = new StringBuilder();
            for (int id = 0; id < ROWS; id++) {
                Object value = TypeSamples.value(base, random);
                GenericRecord r = new GenericData.Record(record);
                r.put("id", id);
                for (int k = 0; k < types.size(); k++) {
                    r.put("v" + k, value);
                }
                int start = buffer.mark();
                while (true) {
                    try {
                        encoder.encode(r, buffer);
                        break;
                    } catch (MappingException refused) { // those columns' pairs refuse the value: NULL there
                        for (String column : refused.column().split(",")) {
                            r.put(column, null);
                        }
                    }
                }
                if (fast != null) {
                    RowBinaryBuffer generic = new RowBinaryBuffer();
                    fastGeneric.encode(r, generic);
                    checkFastPath(fast, r, generic, 0);
                }
                for (int k = 0; k < types.size(); k++) {
                    accepted.set(k, accepted.get(k) + (r.get("v" + k) == null ? 0 : 1));
                }
                builder.append(id, buffer.array(), start, buffer.size() - start);
                values.append(id == 0 ? "" : ", ").append('(').append(id).append(", ").append(literal(value))
                        .append(", '").append(text(value)).append("')");
            }
            var block = builder.build();
            new ClickHouseBlockWriter(client, database, Duration.ofSeconds(60)).insert(block, block.queryId(1));
            client.queryAll("INSERT INTO " + database + ".raw_" + table + " VALUES " + values);
        }

        /** The fast path, where it takes the record, writes the generic path's bytes. */
        private void checkFastPath(DirectRowEncoder fast, GenericRecord r, RowBinaryBuffer generic, int start)
                throws Exception {
            byte[] avro = avroBytes(r);
            RowBinaryBuffer out = new RowBinaryBuffer();
            if (fast.encode(avro, 0, avro.length, out)) {
                byte[] expected = java.util.Arrays.copyOfRange(generic.array(), start, generic.size());
                assertArrayEquals(expected, out.toByteArray(), () -> "fast path differs for " + key + ": " + r);
                direct++;
            }
        }

        List<String> check() {
            StringBuilder sql = new StringBuilder("SELECT count() AS n");
            for (int k = 0; k < types.size(); k++) {
                String v = "t.v" + k;
                sql.append(", countIf(").append(v).append(" IS NOT NULL) AS a").append(k)
                        .append(", countIf(if(").append(v).append(" IS NULL, 0, NOT ifNull(")
                        .append(equal("assumeNotNull(" + v + ")", expected(pairs.get(k), types.get(k)), types.get(k)))
                        .append(", 0))) AS d").append(k);
            }
            sql.append(" FROM ").append(database).append('.').append(table).append(" AS t INNER JOIN ")
                    .append(database).append(".raw_").append(table).append(" AS r ON t.id = r.id");
            var row = client.queryAll(sql.toString()).get(0);
            List<String> out = new ArrayList<>();
            if (row.getLong("n") != ROWS) {
                out.add(key + ": " + row.getLong("n") + " rows of " + ROWS);
            }
            for (int k = 0; k < types.size(); k++) {
                String pair = pairs.get(k) + " (" + types.get(k) + ")";
                if (row.getLong("a" + k) != accepted.get(k)) {
                    out.add(pair + ": " + row.getLong("a" + k) + " values landed, " + accepted.get(k) + " encoded");
                }
                if (row.getLong("d" + k) != 0) {
                    out.add(pair + ": " + row.getLong("d" + k) + " values differ from ClickHouse's conversion");
                }
                if (accepted.get(k) == 0) {
                    out.add(pair + ": no random value landed");
                }
            }
            return out;
        }

        private String rawType() {
            return switch (base.getType()) {
                case INT, LONG -> "Int64";
                case FLOAT -> "Float32";
                case DOUBLE -> "Float64";
                case BOOLEAN -> "Bool";
                default -> "String";
            };
        }

        /** ClickHouse's own conversion of the raw Avro value {@code r.raw} (or {@code r.txt}) to the column type. */
        private String expected(TypeMappings.Pair pair, ClickHouseType type) {
            String t = type.toString();
            int exponent = key.endsWith("millis") ? 3 : key.endsWith("micros") ? 6 : key.endsWith("nanos") ? 9 : 0;
            return switch (pair.clickHouse()) {
                case "Bool", "String" -> "r.raw";
                case "Float32" -> base.getType() == Schema.Type.FLOAT ? "r.raw" : "toFloat32(r.raw)";
                case "Float64" -> "toFloat64(r.raw)";
                case "Decimal" -> base.getLogicalType() instanceof LogicalTypes.Decimal
                        ? "accurateCastOrNull(r.txt, '" + t + "')" : "accurateCastOrNull(r.raw, '" + t + "')";
                case "FixedString" -> {
                    int n = ((ClickHouseType.FixedString) type).length();
                    yield "toFixedString(substring(r.raw, 1, " + n + "), " + n + ")";
                }
                case "UUID" -> base.getType() == Schema.Type.FIXED ? "toUUIDOrNull(UUIDNumToString(toFixedString("
                        + "substring(r.raw, 1, 16), 16)))" : "toUUIDOrNull(r.raw)";
                case "Enum" -> "accurateCastOrNull(r.raw, '" + t.replace("\\", "\\\\").replace("'", "\\'") + "')";
                case "Date", "Date32" -> base.getType() == Schema.Type.STRING ? "toDate32OrNull(r.raw)"
                        : "addDays(toDate32('1970-01-01'), r.raw)";
                case "DateTime" -> "toDateTime(" + floorDiv("r.raw", exponent, 0) + ")";
                case "DateTime64" -> floorDiv("r.raw", exponent, ((ClickHouseType.DateTime64) type).precision());
                default -> "accurateCastOrNull(r.raw, '" + t + "')"; // integers
            };
        }

        /** Ticks of 10^-precision s from a value in 10^-exponent s, floored (integer SQL, no float rounding). */
        private String floorDiv(String v, int exponent, int precision) {
            if (precision >= exponent) {
                return v + " * " + BigInteger.TEN.pow(precision - exponent);
            }
            String d = BigInteger.TEN.pow(exponent - precision).toString();
            return "(intDiv(" + v + ", " + d + ") - (" + v + " % " + d + " < 0))";
        }

        private String equal(String actual, String expected, ClickHouseType type) {
            if (type instanceof ClickHouseType.DateTime64) {
                return "reinterpretAsInt64(" + actual + ") = " + expected;
            }
            if (type instanceof ClickHouseType.Simple s && (s.kind() == ClickHouseType.Kind.Float32
                    || s.kind() == ClickHouseType.Kind.Float64)) {
                return "((isNaN(" + actual + ") AND isNaN(" + expected + ")) OR " + actual + " = " + expected + ")";
            }
            return actual + " = " + expected;
        }

        private String literal(Object value) {
            if (value instanceof Float f) {
                return "reinterpretAsFloat32(toUInt32(" + Integer.toUnsignedString(Float.floatToRawIntBits(f)) + "))";
            }
            if (value instanceof Double d) {
                return "reinterpretAsFloat64(toUInt64(" + Long.toUnsignedString(Double.doubleToRawLongBits(d))
                        + "))";
            }
            if (value instanceof Number || value instanceof Boolean) {
                return value.toString();
            }
            return "unhex('" + HexFormat.of().formatHex(bytes(value)) + "')";
        }

        /** The decimal a decimal's bytes stand for (Java's BigDecimal, not chute's writer), else ''. */
        private String text(Object value) {
            if (base.getLogicalType() instanceof LogicalTypes.Decimal d) {
                return new BigDecimal(new BigInteger(bytes(value)), d.getScale()).toPlainString();
            }
            return "";
        }

        private byte[] bytes(Object value) {
            if (value instanceof ByteBuffer b) {
                byte[] out = new byte[b.remaining()];
                b.duplicate().get(out);
                return out;
            }
            if (value instanceof GenericFixed f) {
                return f.bytes();
            }
            return value.toString().getBytes(StandardCharsets.UTF_8);
        }

        private byte[] avroBytes(GenericRecord r) throws Exception {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(record).write(r, encoder);
            encoder.flush();
            return out.toByteArray();
        }
    }
}
