package io.chute.mapping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chute.serde.AvroDecoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/**
 * The fast path's contract, checked against the generic path on random flat schemas, tables, records and corrupted
 * payloads: whenever the direct encoder says it encoded a record, the generic path (Avro decode + RowEncoder) encodes
 * it too, to the same bytes.
 */
class DirectRowEncoderTest {
    /** A field type with the column types it may map to. */
    private record FieldType(Schema avro, String[] columns) {
    }

    private static final Schema UUID_STRING = LogicalTypes.uuid().addToSchema(Schema.create(Schema.Type.STRING));
    private static final Schema TS_MILLIS = LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
    private static final Schema TS_MICROS = LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG));
    private static final Schema DATE = LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));
    private static final List<FieldType> TYPES = List.of(
            new FieldType(Schema.create(Schema.Type.INT), new String[] {"Int32", "Int8", "UInt16", "Int64", "Float64",
                "Float32", "UInt8"}),
            new FieldType(Schema.create(Schema.Type.LONG), new String[] {"Int64", "UInt32", "Int16", "Float64",
                "Int128"}),
            new FieldType(Schema.create(Schema.Type.DOUBLE), new String[] {"Float64"}),
            new FieldType(Schema.create(Schema.Type.FLOAT), new String[] {"Float32", "Float64"}),
            new FieldType(Schema.create(Schema.Type.BOOLEAN), new String[] {"Bool"}),
            new FieldType(Schema.create(Schema.Type.STRING), new String[] {"String", "LowCardinality(String)",
                "FixedString(2)", "UUID"}),
            new FieldType(Schema.create(Schema.Type.BYTES), new String[] {"String", "FixedString(3)"}),
            new FieldType(Schema.createFixed("F4", null, "t", 4), new String[] {"String", "FixedString(4)"}),
            new FieldType(Schema.createFixed("F16", null, "t", 16), new String[] {"UUID", "FixedString(16)"}),
            new FieldType(UUID_STRING, new String[] {"UUID", "String"}),
            new FieldType(TS_MILLIS, new String[] {"DateTime64(3, 'UTC')", "DateTime64(6)", "DateTime",
                "DateTime64(0)", "Int64"}),
            new FieldType(TS_MICROS, new String[] {"DateTime64(3)", "DateTime64(9)"}),
            new FieldType(DATE, new String[] {"Date", "Date32", "Int32"}),
            new FieldType(Schema.createEnum("E", null, "t", List.of("A", "B", "C")), new String[0]));

    private final Random random = new Random(42);

    @Test
    void shouldEncodeTheSameBytesAsTheGenericPathWhenItAcceptsARecord() throws IOException {
        int direct = 0;
        int cases = 0;
        for (int round = 0; round < 400; round++) {
            Case c = randomCase();
            if (c.program == null) {
                continue;
            }
            DirectRowEncoder encoder = c.program.newEncoder();
            for (int r = 0; r < 40; r++) {
                byte[] payload = encode(c.schema, randomRecord(c.schema));
                if (r % 3 == 2) {
                    payload = corrupt(payload);
                }
                cases++;
                if (check(c, encoder, payload)) {
                    direct++;
                }
            }
        }
        assertTrue(cases > 5_000, "too few cases: " + cases);
        assertTrue(direct > cases / 3, "the fast path took only " + direct + " of " + cases);
    }

    @Test
    void shouldCompileNoProgramWhenASchemaIsNotFlat() {
        Schema nested = SchemaBuilder.record("R").fields().name("inner").type(SchemaBuilder.record("I").fields()
                .requiredLong("x").endRecord()).noDefault().endRecord();
        assertNull(DirectRowEncoder.compile(nested, List.of(column("inner", "Tuple(x Int64)", "NONE"))));
        Schema array = SchemaBuilder.record("A").fields().name("xs").type().array().items().longType().noDefault()
                .endRecord();
        assertNull(DirectRowEncoder.compile(array, List.of(column("xs", "Array(Int64)", "NONE"))));
    }

    @Test
    void shouldFallBackWhenAValueDoesNotFitItsColumn() throws IOException {
        Schema schema = SchemaBuilder.record("R").fields().requiredString("id").requiredInt("small").endRecord();
        List<TableSchema.Column> columns = List.of(column("id", "UUID", "NONE"), column("small", "Int8", "NONE"));
        DirectRowEncoder encoder = DirectRowEncoder.compile(schema, columns).newEncoder();
        RowBinaryBuffer out = new RowBinaryBuffer();
        GenericRecord ok = new GenericData.Record(schema);
        ok.put("id", UUID.randomUUID().toString());
        ok.put("small", 5);
        byte[] okBytes = encode(schema, ok);
        assertTrue(encoder.encode(okBytes, 0, okBytes.length, out));
        int size = out.size();
        ok.put("small", 300);
        byte[] tooBig = encode(schema, ok);
        assertFalse(encoder.encode(tooBig, 0, tooBig.length, out));
        ok.put("small", 1);
        ok.put("id", "not-a-uuid");
        byte[] badUuid = encode(schema, ok);
        assertFalse(encoder.encode(badUuid, 0, badUuid.length, out));
        assertEquals(size, out.size(), "nothing appended by a refused record");
    }

    private record Case(Schema schema, RowEncoder generic, DirectRowEncoder.Program program) {
    }

    /** True when the direct path encoded it (then it must equal the generic path byte for byte). */
    private static boolean check(Case c, DirectRowEncoder encoder, byte[] payload) {
        RowBinaryBuffer fast = new RowBinaryBuffer();
        fast.writeByte(7); // rows are appended after earlier ones
        boolean took = encoder.encode(payload, 0, payload.length, fast);
        if (!took) {
            assertEquals(1, fast.size(), "a refused record appends nothing");
            return false;
        }
        RowBinaryBuffer slow = new RowBinaryBuffer();
        slow.writeByte(7);
        try {
            GenericRecord decoded = (GenericRecord) new AvroDecoder().decode(payload, 0, payload.length, c.schema,
                    null);
            c.generic.encode(decoded, slow);
        } catch (Exception e) {
            throw new AssertionError("the direct path accepted what the generic path rejects: " + e + " for "
                    + Arrays.toString(payload) + " of " + c.schema, e);
        }
        assertArrayEquals(slow.toByteArray(), fast.toByteArray(), () -> "bytes differ for " + c.schema);
        return true;
    }

    private Case randomCase() {
        SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record("R" + random.nextInt(1_000_000))
                .namespace("t").fields();
        List<TableSchema.Column> columns = new ArrayList<>();
        int n = 1 + random.nextInt(8);
        for (int i = 0; i < n; i++) {
            FieldType t = TYPES.get(random.nextInt(TYPES.size()));
            boolean union = random.nextInt(3) == 0;
            Schema avro = union ? (random.nextBoolean() ? Schema.createUnion(Schema.create(Schema.Type.NULL), t.avro)
                    : Schema.createUnion(t.avro, Schema.create(Schema.Type.NULL))) : t.avro;
            fields = fields.name("f" + i).type(avro).noDefault();
            if (t.columns.length == 0 || random.nextInt(8) == 0) {
                continue; // a field without column is read past and ignored (enums always: no direct mapping)
            }
            String type = t.columns[random.nextInt(t.columns.length)];
            if (random.nextInt(3) == 0 && !type.startsWith("LowCardinality")) {
                type = "Nullable(" + type + ")";
            }
            columns.add(column("f" + i, type, random.nextInt(4) == 0 ? "DEFAULT" : "NONE"));
        }
        if (random.nextBoolean()) {
            columns.add(random.nextInt(columns.size() + 1), column("extra", "Nullable(Int32)", "NONE"));
        }
        Schema schema = fields.endRecord();
        TableSchema table = new TableSchema("t", columns);
        try {
            RowEncoder generic = RowEncoderFactory.compile(schema, table, RowEncoderFactory.UnmappedFieldPolicy.IGNORE);
            assertNotNull(generic.direct(), "a flat schema of supported pairs compiles a program: " + table);
            return new Case(schema, generic, generic.direct());
        } catch (MappingConfigException e) {
            return new Case(schema, null, null); // e.g. a union into a non-Nullable column without default
        }
    }

    private GenericRecord randomRecord(Schema schema) {
        GenericRecord r = new GenericData.Record(schema);
        for (Schema.Field f : schema.getFields()) {
            Schema s = f.schema();
            if (s.getType() == Schema.Type.UNION) {
                if (random.nextInt(4) == 0) {
                    continue;
                }
                s = s.getTypes().get(s.getTypes().get(0).getType() == Schema.Type.NULL ? 1 : 0);
            }
            r.put(f.pos(), randomValue(s));
        }
        return r;
    }

    private Object randomValue(Schema s) {
        boolean extreme = random.nextInt(5) == 0;
        switch (s.getType()) {
            case INT:
                return extreme ? (random.nextBoolean() ? Integer.MIN_VALUE : Integer.MAX_VALUE)
                        : random.nextInt(400) - 200;
            case LONG:
                return extreme ? random.nextLong() : 1_700_000_000_000L + random.nextInt(1_000_000);
            case DOUBLE:
                return extreme ? Double.NaN : random.nextDouble() * 1e6;
            case FLOAT:
                return extreme ? Float.NEGATIVE_INFINITY : random.nextFloat();
            case BOOLEAN:
                return random.nextBoolean();
            case STRING:
                return switch (random.nextInt(4)) {
                    case 0 -> UUID.randomUUID().toString();
                    case 1 -> "DE";
                    case 2 -> "ünïcødé " + random.nextInt();
                    default -> "";
                };
            case BYTES:
                byte[] b = new byte[random.nextInt(5)];
                random.nextBytes(b);
                return ByteBuffer.wrap(b);
            case FIXED:
                byte[] f = new byte[s.getFixedSize()];
                random.nextBytes(f);
                return new GenericData.Fixed(s, f);
            case ENUM:
                return new GenericData.EnumSymbol(s, s.getEnumSymbols().get(random.nextInt(3)));
            default:
                throw new IllegalArgumentException(s.toString());
        }
    }

    private byte[] corrupt(byte[] payload) {
        byte[] b = payload.clone();
        switch (random.nextInt(4)) {
            case 0 -> {
                if (b.length > 0) {
                    b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> b = Arrays.copyOf(b, Math.max(0, b.length - 1 - random.nextInt(3)));
            case 2 -> b = Arrays.copyOf(b, b.length + 1 + random.nextInt(3));
            default -> {
                if (b.length > 0) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
            }
        }
        return b;
    }

    private static byte[] encode(Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static TableSchema.Column column(String name, String type, String defaultKind) {
        return TableSchema.Column.describe(name, type, defaultKind.equals("NONE") ? "" : defaultKind);
    }
}
