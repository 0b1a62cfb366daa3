package io.chute.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class DdlTest {
    private static final Schema ALL = new Schema.Parser().parse("""
            {"type":"record","name":"All","fields":[
              {"name":"id","type":{"type":"string","logicalType":"uuid"}},
              {"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"},"doc":"event time, it's UTC"},
              {"name":"n","type":"long"},
              {"name":"i","type":"int"},
              {"name":"day","type":{"type":"int","logicalType":"date"}},
              {"name":"s","type":"string"},
              {"name":"f","type":"float"},
              {"name":"d","type":"double"},
              {"name":"ok","type":"boolean"},
              {"name":"raw","type":"bytes"},
              {"name":"code","type":{"type":"fixed","name":"Code","size":2}},
              {"name":"price","type":{"type":"bytes","logicalType":"decimal","precision":12,"scale":2}},
              {"name":"kind","type":{"type":"enum","name":"Kind","symbols":["A","B"]}},
              {"name":"opt","type":["null","string"],"default":null},
              {"name":"tags","type":{"type":"array","items":"string"}},
              {"name":"optTags","type":["null",{"type":"array","items":"long"}],"default":null},
              {"name":"attrs","type":{"type":"map","values":["null","double"]}},
              {"name":"geo","type":{"type":"record","name":"Geo","fields":[{"name":"lat","type":"double"},
                {"name":"lon","type":"double"}]}}]}""");

    @Test
    void shouldMapEveryAvroTypeWhenGeneratingTheTable() {
        String ddl = new Ddl("db.t", List.of("kind", "ts", "id"), "toYYYYMM(ts)", true, 1000).create(ALL);
        assertEquals("""
                CREATE TABLE db.t
                (
                    id UUID,
                    ts DateTime64(3, 'UTC') COMMENT 'event time, it\\'s UTC',
                    n Int64,
                    i Int32,
                    day Date32,
                    s String,
                    f Float32,
                    d Float64,
                    ok Bool,
                    raw String,
                    code FixedString(2),
                    price Decimal(12, 2),
                    kind Enum8('A' = 1, 'B' = 2),
                    opt Nullable(String),
                    tags Array(String),
                    optTags Array(Int64),
                    attrs Map(String, Nullable(Float64)),
                    geo Tuple(lat Float64, lon Float64),
                    _topic LowCardinality(String) DEFAULT '',
                    _partition Int32 DEFAULT -1,
                    _offset Int64 DEFAULT -1,
                    _timestamp DateTime64(3, 'UTC') DEFAULT 0
                )
                ENGINE = MergeTree
                PARTITION BY toYYYYMM(ts)
                ORDER BY (kind, ts, id)
                SETTINGS non_replicated_deduplication_window = 1000""", ddl);
    }

    @Test
    void shouldRefuseWhenAnOrderByColumnIsNullable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Ddl("t", List.of("opt"), null, false, 10).create(ALL));
        assertTrue(e.getMessage().contains("cannot be Nullable"), e.getMessage());
    }

    @Test
    void shouldRefuseWhenAnOrderByColumnDoesNotExist() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Ddl("t", List.of("nope"), null, false, 10).create(ALL));
        assertTrue(e.getMessage().contains("'nope' is not a column"), e.getMessage());
    }

    @Test
    void shouldRefuseWhenAUnionHasSeveralTypes() {
        Schema s = new Schema.Parser().parse("""
                {"type":"record","name":"U","fields":[{"name":"id","type":"long"},
                  {"name":"v","type":["null","long","string"]}]}""");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Ddl("t", List.of("id"), null, false, 10).create(s));
        assertTrue(e.getMessage().contains("field 'v': a union of 2 non-null types"), e.getMessage());
    }

    @Test
    void shouldKeepExpressionsAndSingleKeyWhenOrderingByOneExpression() {
        Schema s = new Schema.Parser().parse("""
                {"type":"record","name":"U","fields":[{"name":"id","type":"long"}]}""");
        String ddl = new Ddl("t", List.of("intHash32(id)"), null, false, 10).create(s);
        assertTrue(ddl.endsWith("ENGINE = MergeTree\nORDER BY intHash32(id)\n"
                + "SETTINGS non_replicated_deduplication_window = 10"), ddl);
    }

    @Test
    void shouldRefuseWhenTheDedupWindowIsZero() {
        assertThrows(IllegalArgumentException.class, () -> new Ddl("t", List.of("id"), null, false, 0));
    }

    @Test
    void shouldUseMacrosClusterAndBothWindowsWhenTheEngineIsReplicated() {
        String ddl = new Ddl("analytics.events", List.of("id"), null, true, 10000, "ReplicatedMergeTree", "main",
                7200).create(ALL);
        assertTrue(ddl.startsWith("CREATE TABLE analytics.events ON CLUSTER main\n("), ddl);
        assertTrue(ddl.contains("ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/{table}', "
                + "'{replica}')"), ddl);
        assertTrue(ddl.endsWith("SETTINGS replicated_deduplication_window = 10000, "
                + "replicated_deduplication_window_seconds = 7200"), ddl);
        assertTrue(ddl.contains("_offset Int64 DEFAULT -1") && ddl.contains("_timestamp DateTime64(3, 'UTC')"), ddl);
    }

    @Test
    void shouldRefuseAnEngineThatCannotDeduplicate() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Ddl("t", List.of("id"),
                null, false, 10, "Log", null, 3600));
        assertTrue(e.getMessage().contains("Log"), e.getMessage());
    }
}
