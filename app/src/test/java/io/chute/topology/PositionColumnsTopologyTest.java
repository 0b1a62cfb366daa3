package io.chute.topology;

import static io.chute.topology.TopologyFixture.TOPIC;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.chute.block.Block;
import io.chute.mapping.MappingConfigException;
import io.chute.mapping.TableSchema;
import io.chute.metrics.ChuteMetric;
import io.chute.validation.FieldRule;
import io.chute.validation.TestSchemas;
import io.chute.validation.ValidatorConfig;

/** Kafka position columns: filled from the record's position on the generic and the fast path, same bytes. */
class PositionColumnsTopologyTest {

    /** Position columns interleaved with the Avro ones: the row layout puts them last. */
    private static TableSchema table() {
        return new TableSchema(TOPIC, List.of(
                TableSchema.Column.describe("id", "String", ""),
                TableSchema.Column.describe("_offset", "Int64", "DEFAULT"),
                TableSchema.Column.describe("ts", "DateTime64(3)", ""),
                TableSchema.Column.describe("_topic", "LowCardinality(String)", "DEFAULT"),
                TableSchema.Column.describe("name", "Nullable(String)", ""),
                TableSchema.Column.describe("amount", "Int32", ""),
                TableSchema.Column.describe("_partition", "Int32", "DEFAULT"),
                TableSchema.Column.describe("_timestamp", "DateTime64(3)", "DEFAULT")));
    }

    private static TopologyFixture fixture(ValidatorConfig validator) {
        return new TopologyFixture(Map.of(), Map.of(TOPIC, table()), validator);
    }

    private static List<Block> run(TopologyFixture fixture, int records) {
        for (int i = 0; i < records; i++) {
            byte[] value = TestSchemas.framed(TopologyFixture.EVENT_ID, TestSchemas.event("id-" + i,
                    1_700_000_000_000L + i, "n" + i, i));
            fixture.input().pipeInput(null, value, Instant.ofEpochMilli(1_800_000_000_000L + i * 1000L));
        }
        fixture.commit();
        return fixture.blocksOf(TOPIC);
    }

    private static List<byte[]> rows(List<Block> blocks) {
        List<byte[]> rows = new ArrayList<>();
        for (Block b : blocks) {
            for (int i = 0; i < b.rowCount(); i++) {
                rows.add(b.rowBytes(i));
            }
        }
        return rows;
    }

    @Test
    void shouldFillThePositionColumnsAfterTheAvroColumnsWhenTheTableHasThem() {
        try (TopologyFixture f = fixture(ValidatorConfig.defaults()).start()) {
            List<Block> blocks = run(f, 3);
            assertEquals(List.of("id", "ts", "name", "amount", "_offset", "_topic", "_partition", "_timestamp"),
                    blocks.get(0).columns());
            List<byte[]> rows = rows(blocks);
            for (int i = 0; i < rows.size(); i++) {
                byte[] row = rows.get(i);
                byte[] topic = TOPIC.getBytes(StandardCharsets.UTF_8);
                int suffix = 1 + 8 + 1 + 1 + topic.length + 1 + 4 + 1 + 8;
                ByteBuffer b = ByteBuffer.wrap(row, row.length - suffix, suffix).order(ByteOrder.LITTLE_ENDIAN);
                assertEquals(0, b.get());
                assertEquals(i, b.getLong(), "offset");
                assertEquals(0, b.get());
                assertEquals(topic.length, b.get());
                byte[] name = new byte[topic.length];
                b.get(name);
                assertArrayEquals(topic, name);
                assertEquals(0, b.get());
                assertEquals(0, b.getInt(), "partition");
                assertEquals(0, b.get());
                assertEquals(1_800_000_000_000L + i * 1000L, b.getLong(), "timestamp in DateTime64(3) units");
            }
        }
    }

    @Test
    void shouldWriteTheSameBytesOnTheFastPathAsOnTheGenericPath() {
        ValidatorConfig genericOnly = ValidatorConfig.defaults().withRules(
                List.of(new FieldRule.StringLength("id", 0, 1000)));
        try (TopologyFixture fast = fixture(ValidatorConfig.defaults()).start();
             TopologyFixture generic = fixture(genericOnly).start()) {
            List<byte[]> expected = rows(run(generic, 20));
            List<byte[]> actual = rows(run(fast, 20));
            assertEquals(19.0, fast.count(ChuteMetric.RECORDS_DIRECT));
            assertEquals(expected.size(), actual.size());
            for (int i = 0; i < expected.size(); i++) {
                assertArrayEquals(expected.get(i), actual.get(i), "row " + i);
            }
        }
    }

    @Test
    void shouldRefuseNamingTheColumnWhenAPositionColumnCannotHoldTheValue() {
        TableSchema narrow = new TableSchema("t", List.of(TableSchema.Column.describe("_offset", "Int32", "")));
        MappingConfigException e = assertThrows(MappingConfigException.class, () -> PositionColumns.of(narrow,
                new PositionColumns.Names("_topic", "_partition", "_offset", "_timestamp")));
        assertTrue(e.getMessage().contains("_offset") && e.getMessage().contains("Int32"), e.getMessage());
    }

    @Test
    void shouldLeaveAllColumnsToAvroWhenThePositionNamesAreEmpty() {
        PositionColumns p = PositionColumns.of(table(), new PositionColumns.Names("", "", "", ""));
        assertTrue(p.isEmpty());
        assertEquals(table(), p.avroPart());
    }
}
