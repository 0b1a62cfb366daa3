package io.chute.topology;

import static io.chute.topology.TopologyFixture.TOPIC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;

import io.chute.block.Block;
import io.chute.config.SchemaEvolution;
import io.chute.dlq.DeadLetterHeaders;
import io.chute.mapping.AvroColumnTypes;
import io.chute.mapping.TableSchema;
import io.chute.metrics.ChuteMetric;
import io.chute.validation.TestSchemas;
import io.chute.validation.ValidatorConfig;

/** {@code schema.evolution}: a writer schema with a field the table lacks, on the topology with fakes. */
class SchemaEvolutionTopologyTest {
    /** {@link TestSchemas#EVENT} without its optional {@code name}: the schema the table was made for. */
    private static final Schema V1 = new Schema.Parser().parse("""
            {"type":"record","name":"Event","namespace":"io.test","fields":[
              {"name":"id","type":"string"},
              {"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"}},
              {"name":"amount","type":"int"}]}""");
    private static final int V1_ID = 2;
    private static final List<String> OLD = List.of("id", "ts", "amount");
    private static final List<String> NEW = List.of("id", "ts", "amount", "name");

    /** A ClickHouse table that gains the columns added to it. */
    private static class FakeTable implements TableSchemas.Evolver {
        final List<TableSchema.Column> columns = new ArrayList<>(List.of(
                TableSchema.Column.describe("id", "String", ""),
                TableSchema.Column.describe("ts", "DateTime64(3)", ""),
                TableSchema.Column.describe("amount", "Int32", "")));
        final List<String> alters = new ArrayList<>();

        @Override
        public void addColumn(String table, Schema.Field field) {
            alters.add(table + "." + field.name());
            columns.add(TableSchema.Column.describe(field.name(), AvroColumnTypes.of(field.schema(),
                    field.name()), ""));
        }

        @Override
        public TableSchema describe(String table) {
            return new TableSchema(table, columns);
        }
    }

    private final FakeTable table = new FakeTable();

    private TopologyFixture fixture(String evolution) {
        TopologyFixture f = new TopologyFixture(Map.of("schema.evolution", evolution),
                new TableSchemas(Map.of(TOPIC, table.describe(TOPIC)), table), ValidatorConfig.defaults());
        f.schemas.put(V1_ID, V1, TOPIC + "-value");
        return f.start();
    }

    private static byte[] v1(String id) {
        GenericRecord r = new GenericData.Record(V1);
        r.put("id", id);
        r.put("ts", 1_700_000_000_000L);
        r.put("amount", 1);
        return TestSchemas.framed(V1_ID, r);
    }

    private static byte[] v2(String id) {
        return TestSchemas.framed(TopologyFixture.EVENT_ID, TestSchemas.event(id, 1_700_000_000_000L, "n-" + id, 2));
    }

    private static void pipe(TopologyFixture f, byte[]... values) {
        for (byte[] value : values) {
            f.input().pipeInput("k".getBytes(StandardCharsets.UTF_8), value);
        }
    }

    @Test
    void shouldAddTheColumnOnceAndCutTheBlockWhenANewFieldArrives() {
        try (TopologyFixture f = fixture("add-columns")) {
            pipe(f, v1("a"), v1("b"), v2("c"), v1("d"), v2("e"));
            f.commit();

            assertEquals(List.of(TOPIC + ".name"), table.alters, "one ALTER per (table, field)");
            List<Block> blocks = f.blocksOf(TOPIC);
            assertEquals(List.of("chute1:chute-test:events:events:0:0-1", "chute1:chute-test:events:events:0:2-4"),
                    blocks.stream().map(Block::token).toList(), "the old-layout block closes before the first new row");
            assertEquals(List.of(OLD, NEW), blocks.stream().map(Block::columns).toList());
            assertEquals(List.of("a", "b", "c", "d", "e"), f.idsIn(TOPIC));
            assertTrue(f.dlq().isEmpty());
        }
    }

    @Test
    void shouldDeadLetterAsSchemaMismatchWhenEvolutionIsDeadLetter() {
        try (TopologyFixture f = fixture("dead-letter")) {
            pipe(f, v1("a"), v2("b"), v1("c"));
            f.commit();

            Headers headers = f.dlq().readRecord().headers();
            assertEquals("schema_mismatch", IngestTopologyTest.header(headers, DeadLetterHeaders.REASON));
            assertEquals("name", IngestTopologyTest.header(headers, DeadLetterHeaders.COLUMN));
            assertEquals(TOPIC, IngestTopologyTest.header(headers, DeadLetterHeaders.TABLE));
            assertTrue(IngestTopologyTest.header(headers, DeadLetterHeaders.MESSAGE).contains("name"));
            assertTrue(f.dlq().isEmpty());
            assertEquals(List.of("a", "c"), f.idsIn(TOPIC));
            assertEquals(List.of(), table.alters);
            assertEquals(1.0, f.metrics.counter(ChuteMetric.RECORDS_DEAD_LETTERED, "reason", "schema_mismatch")
                    .count());
        }
    }

    @Test
    void shouldDropTheFieldWhenEvolutionIsIgnore() {
        try (TopologyFixture f = fixture("ignore")) {
            pipe(f, v1("a"), v2("b"));
            f.commit();

            assertEquals(List.of("a", "b"), f.idsIn(TOPIC));
            assertEquals(List.of(OLD), f.blocksOf(TOPIC).stream().map(Block::columns).toList());
            assertEquals(List.of(), table.alters);
            assertTrue(f.dlq().isEmpty());
        }
    }

    @Test
    void shouldReachEveryTaskWhenOneTaskAddedTheColumn() throws Exception {
        TableSchemas shared = new TableSchemas(Map.of(TOPIC, table.describe(TOPIC)), table);
        TableEncoders first = new TableEncoders(shared, SchemaEvolution.ADD_COLUMNS);
        TableEncoders second = new TableEncoders(shared, SchemaEvolution.ADD_COLUMNS);
        second.encoderFor(TOPIC, V1);
        assertEquals(OLD, second.columns(TOPIC).names());

        first.encoderFor(TOPIC, TestSchemas.EVENT);
        second.encoderFor(TOPIC, V1);

        assertEquals(NEW, second.columns(TOPIC).names(), "the other task recompiled for the new version");
        assertEquals(List.of(TOPIC + ".name"), table.alters);
        second.encoderFor(TOPIC, TestSchemas.EVENT);
        assertEquals(List.of(TOPIC + ".name"), table.alters, "no second ALTER");
    }

    @Test
    void shouldLandTheRecordAndSkipTheFieldsWhenTheirTypesHaveNoColumnType() {
        Schema odd = new Schema.Parser().parse("""
                {"type":"record","name":"Event","namespace":"io.test","fields":[
                  {"name":"id","type":"string"},
                  {"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"}},
                  {"name":"amount","type":"int"},
                  {"name":"either","type":["null","string","long"],"default":null},
                  {"name":"nothing","type":"null","default":null},
                  {"name":"tree","type":{"type":"record","name":"Node","fields":[{"name":"label","type":"string"},
                    {"name":"kids","type":{"type":"array","items":"Node"}}]}}]}""");
        try (TopologyFixture f = fixture("add-columns")) {
            f.schemas.put(9, odd, TOPIC + "-value");
            GenericRecord r = new GenericData.Record(odd);
            r.put("id", "a");
            r.put("ts", 1_700_000_000_000L);
            r.put("amount", 1);
            GenericRecord tree = new GenericData.Record(odd.getField("tree").schema());
            tree.put("label", "root");
            tree.put("kids", List.of());
            r.put("tree", tree);
            pipe(f, TestSchemas.framed(9, r), TestSchemas.framed(9, r));
            f.commit();

            assertEquals(List.of("a", "a"), f.idsIn(TOPIC), "fields without a column type do not sink the record");
            assertTrue(f.dlq().isEmpty());
            assertEquals(List.of(), table.alters, "no ALTER for a type without a column type");
            assertEquals(3.0, droppedFields(f), "3 field paths dropped, counted once per (schema id, table)");
        }
    }

    @Test
    void shouldCountTheDroppedFieldWhenEvolutionIsIgnore() {
        try (TopologyFixture f = fixture("ignore")) {
            pipe(f, v1("a"), v2("b"), v2("c"));
            f.commit();

            assertEquals(List.of("a", "b", "c"), f.idsIn(TOPIC));
            assertEquals(1.0, droppedFields(f), "field 'name' of schema 1 dropped, counted once");
        }
    }

    static double droppedFields(TopologyFixture f) {
        return f.metrics.registry().find("chute.fields.dropped").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }
}
