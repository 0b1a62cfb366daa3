package io.chute.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.clickhouse.client.api.Client;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import io.chute.block.Block;
import io.chute.block.BlockBuilder;
import io.chute.block.BlockLimits;
import io.chute.localstack.LocalStack;
import io.chute.mapping.ClickHouseTypeParser;
import io.chute.mapping.MappingException;
import io.chute.mapping.RowBinaryBuffer;
import io.chute.mapping.RowEncoder;
import io.chute.mapping.RowEncoderFactory;
import io.chute.mapping.RowEncoderFactory.UnmappedFieldPolicy;
import io.chute.mapping.TableSchema;
import io.chute.serde.AvroDecoder;
import io.chute.sink.ClickHouseBlockWriter;
import io.chute.sink.ColumnInfo;
import io.chute.sink.TableInspector;

/**
 * Every mapped type through the production path on the real ClickHouse engine: Avro bytes (written with Avro's
 * logical-type conversions, decoded by chute's decoder), {@link RowEncoder} compiled from {@code DESCRIBE TABLE},
 * {@link BlockBuilder}, {@link ClickHouseBlockWriter}; then read back with client-v2 and compared as text.
 */
class TypeRoundTripIT {
    private static final GenericData PRODUCER_MODEL = new GenericData();

    static {
        PRODUCER_MODEL.addLogicalTypeConversion(new Conversions.DecimalConversion());
        PRODUCER_MODEL.addLogicalTypeConversion(new Conversions.UUIDConversion());
        PRODUCER_MODEL.addLogicalTypeConversion(new TimeConversions.DateConversion());
        PRODUCER_MODEL.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        PRODUCER_MODEL.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
        PRODUCER_MODEL.addLogicalTypeConversion(new TimeConversions.LocalTimestampMillisConversion());
    }

    private final LocalStack stack = LocalStack.shared();
    private final String database = LocalStack.uniqueName("types");
    private final Schema schema = new Schema.Parser().parse(TypeCases.avroSchema());
    private Client client;
    private RowEncoder encoder;

    @BeforeEach
    void createTable() {
        client = new Client.Builder().addEndpoint(stack.clickHouseUrl()).setUsername("default").setPassword("")
                .build();
        client.queryAll("CREATE DATABASE " + database);
        client.queryAll(TypeCases.createTable(database + ".types"));
        encoder = new RowEncoderFactory(describe("types"), UnmappedFieldPolicy.IGNORE).encoderFor(schema);
    }

    @AfterEach
    void dropDatabase() {
        client.queryAll("DROP DATABASE IF EXISTS " + database);
        client.close();
    }

    @Test
    void shouldReadBackEveryValueWhenRowsAreEncodedAndInsertedThroughTheBlockWriter() throws Exception {
        assertEquals(List.of("extra"), encoder.ignoredFields());
        BlockBuilder builder = builder("types", encoder);
        RowBinaryBuffer buffer = new RowBinaryBuffer();
        for (int row = 0; row < 2; row++) {
            int start = buffer.mark();
            encoder.encode(decoded(TypeCases.row(row)), buffer);
            builder.append(row, buffer.array(), start, buffer.size() - start);
        }

        assertEquals(2, insert(builder.build(), encoder));
        assertEquals(List.of(), differences());
    }

    @Test
    void shouldPrintEveryDescribedTypeCanonicallyWhenParsed() {
        List<ColumnInfo> columns = new TableInspector(client, database).describe("types");
        assertEquals(TypeCases.CASES.size() + 1, columns.size());
        // DESCRIBE spreads named tuples over several lines; the parser prints them on one
        assertEquals(columns.stream()
                        .map(c -> c.type().replaceAll("\\(\\s+", "(").replaceAll(",\\s+", ", ")).toList(),
                columns.stream().map(c -> ClickHouseTypeParser.parse(c.type()).toString()).toList());
    }

    @Test
    void shouldRejectTheRowNamingTheColumnWhenAValueDoesNotFit() throws Exception {
        RowBinaryBuffer buffer = new RowBinaryBuffer();
        List<Executable> checks = new ArrayList<>();
        for (TypeCases.Bad bad : TypeCases.BAD) {
            Map<String, Object> values = TypeCases.row(0);
            values.put(bad.field(), bad.value());
            GenericRecord record = decoded(values);
            checks.add(() -> {
                MappingException e = assertThrows(MappingException.class, () -> encoder.encode(record, buffer),
                        bad.toString());
                assertEquals(bad.column(), e.column(), e.getMessage());
                assertTrue(e.getMessage().startsWith("column '" + bad.column() + "'"), e.getMessage());
                assertEquals(0, buffer.size(), "a rejected row leaves nothing behind: " + bad);
            });
        }
        assertAll(checks);

        encoder.encode(decoded(TypeCases.row(1)), buffer);
        BlockBuilder builder = builder("types", encoder);
        builder.append(0, buffer.array(), 0, buffer.size());
        assertEquals(1, insert(builder.build(), encoder));
        assertEquals(List.of("2"), client.queryAll("SELECT id FROM " + database + ".types").stream()
                .map(r -> r.getString("id")).toList(), "only the good row landed");
    }

    @Test
    void shouldFeedTheDefaultExpressionWhenTheRecordCarriesAnEphemeralColumn() throws Exception {
        client.queryAll("CREATE TABLE " + database + ".eph (id UInt32, raw String EPHEMERAL '',"
                + " shout String DEFAULT upper(raw)) ENGINE = MergeTree ORDER BY id");
        Schema s = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"E\",\"fields\":["
                + "{\"name\":\"id\",\"type\":\"int\"},{\"name\":\"raw\",\"type\":\"string\"}]}");
        RowEncoder e = new RowEncoderFactory(describe("eph"), UnmappedFieldPolicy.FAIL).encoderFor(s);
        GenericRecord record = new GenericData.Record(s);
        record.put("id", 1);
        record.put("raw", "hello");
        RowBinaryBuffer buffer = new RowBinaryBuffer();
        e.encode(record, buffer);
        BlockBuilder builder = builder("eph", e);
        builder.append(0, buffer.array(), 0, buffer.size());

        assertEquals(1, insert(builder.build(), e));
        assertEquals("1|HELLO", client.queryAll("SELECT id, shout FROM " + database + ".eph").stream()
                .map(r -> r.getString("id") + "|" + r.getString("shout")).collect(Collectors.joining(",")));
    }

    /** The table as production sees it: DESCRIBE through {@link TableInspector}. */
    private TableSchema describe(String table) {
        return new TableSchema(table, new TableInspector(client, database).describe(table).stream()
                .map(c -> TableSchema.Column.describe(c.name(), c.type(), c.defaultKind())).toList());
    }

    /** A builder whose blocks name the columns {@code rows} encodes, as production's do. */
    private static BlockBuilder builder(String table, RowEncoder rows) {
        BlockBuilder builder = new BlockBuilder("it", table, "types-topic", 0, BlockLimits.defaults(),
                System::currentTimeMillis);
        builder.columns(rows.columnNames());
        return builder;
    }

    /** Inserts as production does: the writer names the columns the encoder wrote. */
    private long insert(Block block, RowEncoder rows) throws Exception {
        assertEquals(rows.columnNames(), block.columns());
        return new ClickHouseBlockWriter(client, database, Duration.ofSeconds(60)).insert(block, block.queryId(1));
    }

    /** What chute sees: the values written by a producer with logical-type conversions, decoded by chute. */
    private GenericRecord decoded(Map<String, Object> values) throws IOException {
        GenericData.Record record = new GenericData.Record(schema);
        values.forEach((name, v) -> record.put(name, toAvro(v, schema.getField(name).schema())));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder binary = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema, PRODUCER_MODEL).write(record, binary);
        binary.flush();
        byte[] bytes = out.toByteArray();
        return (GenericRecord) new AvroDecoder().decode(bytes, 0, bytes.length, schema, null);
    }

    /** Nested records and enum symbols need their schema; logical types are left to the conversions. */
    private static Object toAvro(Object v, Schema s) {
        if (v == null) {
            return null;
        }
        Schema t = s;
        if (s.getType() == Schema.Type.UNION) {
            t = s.getTypes().stream().filter(b -> b.getType() != Schema.Type.NULL).findFirst().orElseThrow();
        }
        switch (t.getType()) {
            case RECORD: {
                GenericData.Record r = new GenericData.Record(t);
                Object[] fields = ((TypeCases.Rec) v).fields();
                for (int i = 0; i < fields.length; i++) {
                    r.put(i, toAvro(fields[i], t.getFields().get(i).schema()));
                }
                return r;
            }
            case ENUM:
                return new GenericData.EnumSymbol(t, (String) v);
            case ARRAY: {
                List<Object> out = new ArrayList<>();
                for (Object o : (List<?>) v) {
                    out.add(toAvro(o, t.getElementType()));
                }
                return out;
            }
            default:
                return v;
        }
    }

    /** Every (row, column) whose text in ClickHouse is not the expected one. */
    private List<String> differences() {
        StringBuilder select = new StringBuilder("SELECT id");
        for (int i = 0; i < TypeCases.CASES.size(); i++) {
            TypeCases.Case c = TypeCases.CASES.get(i);
            select.append(", ifNull(toString(").append(c.select().replace("%s", "`" + c.column() + "`"))
                    .append("), 'NULL') AS c").append(i);
        }
        var rows = client.queryAll(select + " FROM " + database + ".types ORDER BY id");
        List<String> diffs = new ArrayList<>();
        if (rows.size() != 2) {
            diffs.add("expected 2 rows, got " + rows.size());
        }
        for (var row : rows) {
            int r = Integer.parseInt(row.getString("id")) - 1;
            for (int i = 0; i < TypeCases.CASES.size(); i++) {
                TypeCases.Case c = TypeCases.CASES.get(i);
                String want = c.expected().get(r);
                String got = row.getString("c" + i);
                if (!want.equals(got)) {
                    diffs.add("row " + (r + 1) + " " + c.column() + " " + c.chType() + ": want <" + want + "> got <"
                            + got + ">");
                }
            }
        }
        return diffs;
    }
}
