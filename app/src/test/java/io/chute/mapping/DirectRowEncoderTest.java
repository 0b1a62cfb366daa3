package io.chute.mapping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

import io.chute.serde.AvroDecoder;

/**
 * The fast path's contract, checked against the generic path on random flat schemas, tables, records and corrupted
 * payloads: whenever the direct encoder says it encoded a record, the generic path (Avro decode + RowEncoder) encodes
 * it too, to the same bytes.
 */
class DirectRowEncoderTest {
    /** Every pair of the registry that has a fast-path operation. */
    private static final List<TypeMappings.Pair> FAST = TypeMappings.all().stream()
            .filter(TypeMappings.Pair::onFastPath).toList();

    private final Random random = new Random(42);

    /** Pairs (by their toString) of the fields of a case, and how often the fast path took a record with each. */
    private final java.util.Map<String, Integer> taken = new java.util.TreeMap<>();

    @Test
    void shouldEncodeTheSameBytesAsTheGenericPathWhenItAcceptsARecord() throws IOException {
        int direct = 0;
        int cases = 0;
        FAST.forEach(p -> taken.put(p.toString(), 0));
        for (int round = 0; round < 1500; round++) {
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
                    c.pairs.forEach(p -> taken.merge(p, 1, Integer::sum));
                }
            }
        }
        assertTrue(cases > 20_000, "too few cases: " + cases);
        assertTrue(direct > cases / 5, "the fast path took only " + direct + " of " + cases);
        assertEquals(List.of(), taken.entrySet().stream().filter(e -> e.getValue() == 0).map(e -> e.getKey()).toList(),
                "fast-path pairs never exercised");
    }

    @Test
    void shouldHaveAFastOperationForEveryFlatPairButDecimalsStringEnumsAndIsoDates() {
        List<String> slow = TypeMappings.all().stream().filter(p -> !p.onFastPath())
                .filter(p -> !List.of("Array", "Map", "Tuple").contains(p.clickHouse()))
                .map(p -> p.clickHouse().equals("Decimal") ? "Decimal" : p.toString()).distinct().toList();
        assertEquals(List.of("Decimal", "string -> Enum", "string -> Date", "string -> Date32",
                "string/uuid -> Enum", "string/uuid -> Date", "string/uuid -> Date32"), slow);
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

    private record Case(Schema schema, RowEncoder generic, DirectRowEncoder.Program program, List<String> pairs) {
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
        List<String> pairs = new ArrayList<>();
        int n = 1 + random.nextInt(6);
        for (int i = 0; i < n; i++) {
            TypeMappings.Pair pair = FAST.get(random.nextInt(FAST.size()));
            Schema base = TypeSamples.avro(pair, random);
            boolean union = random.nextInt(3) == 0;
            Schema avro = union ? (random.nextBoolean() ? Schema.createUnion(Schema.create(Schema.Type.NULL), base)
                    : Schema.createUnion(base, Schema.create(Schema.Type.NULL))) : base;
            fields = fields.name("f" + i).type(avro).noDefault();
            if (random.nextInt(8) == 0) {
                continue; // a field without column is read past and ignored
            }
            String type = TypeSamples.column(pair, base, random).toString();
            if (random.nextInt(3) == 0) {
                type = random.nextInt(4) == 0 && (type.equals("String") || type.startsWith("FixedString"))
                        ? "LowCardinality(Nullable(" + type + "))" : "Nullable(" + type + ")";
            } else if (random.nextInt(6) == 0 && type.equals("String")) {
                type = "LowCardinality(String)";
            }
            columns.add(column("f" + i, type, random.nextInt(4) == 0 ? "DEFAULT" : "NONE"));
            pairs.add(pair.toString());
        }
        if (random.nextBoolean()) {
            columns.add(random.nextInt(columns.size() + 1), column("extra", "Nullable(Int32)", "NONE"));
        }
        Schema schema = fields.endRecord();
        TableSchema table = new TableSchema("t", columns);
        RowEncoder generic = RowEncoderFactory.compile(schema, table, RowEncoderFactory.UnmappedFieldPolicy.IGNORE);
        assertNotNull(generic.direct(), "a flat schema of fast-path pairs compiles a program: " + table);
        return new Case(schema, generic, generic.direct(), pairs);
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
            r.put(f.pos(), TypeSamples.value(s, random));
        }
        return r;
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
