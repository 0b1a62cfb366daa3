package io.chute.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import com.clickhouse.client.api.Client;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

import io.chute.block.BlockBuilder;
import io.chute.block.BlockLimits;
import io.chute.localstack.LocalStack;
import io.chute.mapping.RowBinaryBuffer;
import io.chute.mapping.RowEncoder;
import io.chute.mapping.RowEncoderFactory;
import io.chute.mapping.TableSchema;
import io.chute.ops.Ddl;
import io.chute.sink.ClickHouseBlockWriter;
import io.chute.sink.TableInspector;

/**
 * Property: for random record schemas (nested, optional, recursive, unions, odd decimals), {@code tables create}
 * either refuses naming every field that has no column type (and no other), or emits DDL the real ClickHouse engine
 * accepts, whose table chute then compiles an encoder for and lands random records of the schema in.
 */
class DdlPropertyIT {
    private static final int SCHEMAS = 40;
    private static final int ROWS = 20;
    private final Random random = new Random(12);
    private int names;

    /** A generated type and whether it has no ClickHouse column type. */
    private record Gen(Schema schema, boolean bad) {
    }

    @Test
    void shouldEmitDdlClickHouseAcceptsOrNameEveryBadFieldWhenSchemasAreRandom() throws Exception {
        LocalStack stack = LocalStack.shared();
        String database = LocalStack.uniqueName("ddl").replace('-', '_');
        int accepted = 0;
        int refused = 0;
        try (Client client = new Client.Builder().addEndpoint(stack.clickHouseUrl()).setUsername("default")
                .setPassword("").build()) {
            client.queryAll("CREATE DATABASE " + database);
            try {
                for (int i = 0; i < SCHEMAS; i++) {
                    Schema row = Schema.createRecord("Row" + i, null, "p", false);
                    List<Schema.Field> fields = new ArrayList<>();
                    List<String> bad = new ArrayList<>();
                    List<String> good = new ArrayList<>();
                    fields.add(new Schema.Field("id", Schema.create(Schema.Type.LONG)));
                    int n = 1 + random.nextInt(8);
                    for (int f = 1; f <= n; f++) {
                        Gen g = type(0, row);
                        fields.add(new Schema.Field("f" + f, g.schema()));
                        (g.bad() ? bad : good).add("f" + f);
                    }
                    row.setFields(fields);
                    Ddl ddl = new Ddl(database + ".t" + i, List.of("id"), null, false, 100);
                    if (!bad.isEmpty()) {
                        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                                IllegalArgumentException.class, () -> ddl.create(row), row::toString);
                        for (String name : bad) {
                            assertTrue(e.getMessage().contains("field '" + name), name + " in " + e.getMessage());
                        }
                        for (String name : good) {
                            assertFalse(e.getMessage().contains("field '" + name), name + " in " + e.getMessage());
                        }
                        refused++;
                        continue;
                    }
                    String sql = ddl.create(row);
                    try {
                        client.queryAll(sql);
                    } catch (RuntimeException e) {
                        fail("ClickHouse refused\n" + sql + "\n" + e.getMessage());
                    }
                    assertEquals(ROWS, land(client, database, "t" + i, row), sql);
                    accepted++;
                }
            } finally {
                client.queryAll("DROP DATABASE IF EXISTS " + database);
            }
        }
        System.out.printf("DdlPropertyIT: %d schemas accepted by ClickHouse and landed, %d refused naming their"
                + " bad fields%n", accepted, refused);
        assertTrue(accepted >= 10 && refused >= 5, accepted + " accepted, " + refused + " refused");
    }

    /** Encodes {@link #ROWS} random records as production does and inserts them; returns the table's row count. */
    private long land(Client client, String database, String table, Schema row) throws Exception {
        TableSchema schema = new TableInspector(client, database).schema(table);
        RowEncoder encoder = RowEncoderFactory.compile(row, schema, RowEncoderFactory.UnmappedFieldPolicy.FAIL);
        BlockBuilder builder = new BlockBuilder("it", table, "ddl-topic", 0, BlockLimits.defaults(),
                System::currentTimeMillis);
        builder.columns(encoder.columnNames());
        RowBinaryBuffer buffer = new RowBinaryBuffer();
        for (int r = 0; r < ROWS; r++) {
            int start = buffer.mark();
            encoder.encode((GenericRecord) value(row), buffer);
            builder.append(r, buffer.array(), start, buffer.size() - start);
        }
        var block = builder.build();
        new ClickHouseBlockWriter(client, database, Duration.ofSeconds(60)).insert(block, block.queryId(1));
        return Long.parseLong(client.queryAll("SELECT count() AS c FROM " + database + "." + table).get(0)
                .getString("c"));
    }

    private Gen type(int depth, Schema enclosing) {
        int k = random.nextInt(100);
        Gen g;
        if (k < 4) {
            g = new Gen(Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.INT),
                    Schema.create(Schema.Type.STRING)), true);
        } else if (k < 6) {
            g = new Gen(Schema.create(Schema.Type.NULL), true);
        } else if (k < 9) {
            g = new Gen(Schema.createArray(enclosing), true); // recursive
        } else if (k < 16 && depth < 3) {
            Schema record = Schema.createRecord("R" + (++names), null, "p", false);
            List<Schema.Field> fields = new ArrayList<>();
            boolean bad = random.nextInt(15) == 0; // a record without fields has no Tuple
            int n = bad ? 0 : 1 + random.nextInt(3);
            for (int f = 0; f < n; f++) {
                Gen inner = type(depth + 1, random.nextBoolean() ? record : enclosing);
                fields.add(new Schema.Field("a" + f, inner.schema()));
                bad |= inner.bad();
            }
            record.setFields(fields);
            g = new Gen(record, bad);
        } else if (k < 22 && depth < 3) {
            Gen inner = type(depth + 1, enclosing);
            g = new Gen(Schema.createArray(inner.schema()), inner.bad());
        } else if (k < 27 && depth < 3) {
            Gen inner = type(depth + 1, enclosing);
            g = new Gen(Schema.createMap(inner.schema()), inner.bad());
        } else if (k < 30) {
            int precision = 1 + random.nextInt(80);
            g = new Gen(LogicalTypes.decimal(precision, random.nextInt(Math.min(precision, 10) + 1))
                    .addToSchema(Schema.create(Schema.Type.BYTES)), precision > 76);
        } else {
            g = new Gen(primitive(), false);
        }
        if (random.nextInt(4) == 0 && g.schema().getType() != Schema.Type.UNION
                && g.schema().getType() != Schema.Type.NULL) {
            return new Gen(Schema.createUnion(Schema.create(Schema.Type.NULL), g.schema()), g.bad());
        }
        return g;
    }

    private Schema primitive() {
        String[] json = {"\"int\"", "\"long\"", "\"float\"", "\"double\"", "\"boolean\"", "\"string\"", "\"bytes\"",
            "{\"type\":\"int\",\"logicalType\":\"date\"}", "{\"type\":\"int\",\"logicalType\":\"time-millis\"}",
            "{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}",
            "{\"type\":\"long\",\"logicalType\":\"timestamp-micros\"}",
            "{\"type\":\"long\",\"logicalType\":\"timestamp-nanos\"}",
            "{\"type\":\"long\",\"logicalType\":\"local-timestamp-millis\"}",
            "{\"type\":\"long\",\"logicalType\":\"local-timestamp-nanos\"}",
            "{\"type\":\"string\",\"logicalType\":\"uuid\"}",
            "{\"type\":\"fixed\",\"name\":\"X" + (++names) + "\",\"size\":3}",
            "{\"type\":\"fixed\",\"name\":\"U" + (++names) + "\",\"size\":16,\"logicalType\":\"uuid\"}",
            "{\"type\":\"fixed\",\"name\":\"D" + (++names) + "\",\"size\":8,\"logicalType\":\"decimal\","
                    + "\"precision\":18,\"scale\":3}",
            "{\"type\":\"enum\",\"name\":\"E" + (++names) + "\",\"symbols\":[\"A\",\"B\"]}"};
        return new Schema.Parser().parse(json[random.nextInt(json.length)]);
    }

    /** A random valid value of {@code s}, as a producer would send it. */
    private Object value(Schema s) {
        String logical = s.getLogicalType() == null ? "" : s.getLogicalType().getName();
        switch (s.getType()) {
            case UNION: {
                Schema branch = s.getTypes().get(random.nextInt(s.getTypes().size()));
                return value(branch);
            }
            case RECORD: {
                GenericRecord r = new GenericData.Record(s);
                for (Schema.Field f : s.getFields()) {
                    r.put(f.pos(), f.name().equals("id") ? (long) random.nextInt(1000) : value(f.schema()));
                }
                return r;
            }
            case ARRAY: {
                List<Object> out = new ArrayList<>();
                for (int i = random.nextInt(3); i > 0; i--) {
                    out.add(value(s.getElementType()));
                }
                return out;
            }
            case MAP: {
                Map<String, Object> out = new HashMap<>();
                for (int i = random.nextInt(3); i > 0; i--) {
                    out.put("k" + i, value(s.getValueType()));
                }
                return out;
            }
            case ENUM:
                return new GenericData.EnumSymbol(s, s.getEnumSymbols().get(random.nextInt(s.getEnumSymbols()
                        .size())));
            case FIXED: {
                byte[] b = new byte[s.getFixedSize()];
                if (!logical.equals("decimal")) {
                    random.nextBytes(b);
                } else {
                    b[b.length - 1] = (byte) random.nextInt(100);
                }
                return new GenericData.Fixed(s, b);
            }
            case BYTES:
                return logical.equals("decimal") ? ByteBuffer.wrap(BigInteger.valueOf(random.nextInt(10) - 5)
                        .toByteArray()) : ByteBuffer.wrap(("b" + random.nextInt()).getBytes());
            case STRING:
                return logical.equals("uuid") ? UUID.randomUUID().toString() : "s" + random.nextInt(100);
            case INT:
                return logical.equals("date") ? random.nextInt(40_000) : logical.equals("time-millis")
                        ? random.nextInt(86_400_000) : random.nextInt();
            case LONG: {
                long millis = 1_700_000_000_000L + random.nextInt(1_000_000_000);
                return logical.endsWith("millis") ? millis : logical.endsWith("micros") ? millis * 1_000
                        : logical.endsWith("nanos") ? millis * 1_000_000 : random.nextLong();
            }
            case FLOAT:
                return random.nextFloat();
            case DOUBLE:
                return random.nextDouble();
            case BOOLEAN:
                return random.nextBoolean();
            case NULL:
                return null;
            default:
                throw new IllegalArgumentException(s.toString());
        }
    }
}
