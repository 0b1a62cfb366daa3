package io.chute.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.clickhouse.client.api.Client;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.chute.app.ChuteApp;
import io.chute.config.ChuteConfig;
import io.chute.localstack.LocalStack;
import io.chute.metrics.ChuteMetric;
import io.chute.ops.Ddl;
import io.chute.serde.HttpSchemaRegistryClient;
import io.chute.serde.RegistryClientConfig;
import io.chute.serde.WireFormat;

/**
 * The schemas of issue 12 end to end on the real stack: a recursive record into a table {@code (id Int64)} under
 * {@code schema.evolution=add-columns} (the field without a column type is skipped, rows land, no crash), and
 * optional array/record/map fields into the table {@code tables create} makes (every null lands as the empty
 * value). Only the truly invalid payloads become dead letters.
 */
class NestedSchemasIT {
    static final Schema TREE = new Schema.Parser().parse("""
            {"type":"record","name":"Tree","namespace":"t","fields":[{"name":"id","type":"long"},
              {"name":"root","type":{"type":"record","name":"Node","fields":[{"name":"label","type":"string"},
                {"name":"children","type":{"type":"array","items":"Node"}}]}}]}""");
    static final Schema OPT = new Schema.Parser().parse("""
            {"type":"record","name":"Opt","namespace":"t","fields":[{"name":"id","type":"long"},
              {"name":"tags","type":["null",{"type":"array","items":"string"}],"default":null},
              {"name":"address","type":["null",{"type":"record","name":"Address","fields":[
                {"name":"street","type":"string"},{"name":"zip","type":["null","int"],"default":null}]}],
               "default":null},
              {"name":"attrs","type":["null",{"type":"map","values":"int"}],"default":null}]}""");
    private static final int RECORDS = 2_000;

    private final LocalStack stack = LocalStack.shared();
    private final String name = LocalStack.uniqueName("nested");
    private final String database = name.replace('-', '_');
    private Client clickHouse;

    @BeforeEach
    void setUp() {
        clickHouse = new Client.Builder().addEndpoint(stack.clickHouseUrl()).setUsername("default").setPassword("")
                .build();
        clickHouse.queryAll("CREATE DATABASE " + database);
    }

    @AfterEach
    void tearDown() {
        clickHouse.queryAll("DROP DATABASE IF EXISTS " + database);
        clickHouse.close();
    }

    @Test
    void shouldLandRecursiveAndOptionalNestedRecordsWhenTheirTablesCannotHoldEveryField() throws Exception {
        clickHouse.queryAll("CREATE TABLE " + database + ".tree (id Int64) ENGINE = MergeTree ORDER BY id"
                + " SETTINGS non_replicated_deduplication_window = 100");
        clickHouse.queryAll(new Ddl(database + ".opt", List.of("id"), null, false, 100).create(OPT));
        String treeTopic = name + "-tree";
        String optTopic = name + "-opt";
        stack.kafka().createTopic(treeTopic, 2, Map.of());
        stack.kafka().createTopic(optTopic, 2, Map.of());
        stack.kafka().createTopic(name + "-dlq", 1, Map.of());
        HttpSchemaRegistryClient registry = new HttpSchemaRegistryClient(
                RegistryClientConfig.builder(stack.registryUrl()).build());
        int treeId = registry.register(treeTopic + "-value", TREE.toString(), List.of());
        int optId = registry.register(optTopic + "-value", OPT.toString(), List.of());
        int invalid = produce(treeTopic, treeId, TREE, this::tree);
        assertEquals(invalid, produce(optTopic, optId, OPT, this::opt));
        long valid = RECORDS - invalid;

        double deadLetters;
        double dropped;
        long started = System.nanoTime();
        try (ChuteApp app = new ChuteApp(ChuteConfig.fromProperties(config(treeTopic, optTopic)))) {
            app.start();
            Harness.await("rows of both tables", Duration.ofSeconds(60), () -> count("tree") >= valid
                    && count("opt") >= valid && app.metrics().total(ChuteMetric.RECORDS_DEAD_LETTERED) >= 2 * invalid);
            Thread.sleep(1000);
            deadLetters = app.metrics().total(ChuteMetric.RECORDS_DEAD_LETTERED);
            dropped = app.metrics().total(ChuteMetric.FIELDS_DROPPED);
        }
        System.out.printf("NestedSchemasIT: %d + %d rows landed in %.1f s%n", valid, valid,
                (System.nanoTime() - started) / 1e9);
        assertEquals(valid, count("tree"), "every valid tree record landed (root skipped)");
        assertEquals(valid, count("opt"), "every valid optional-nested record landed");
        assertEquals(2 * invalid, (int) deadLetters, "dead letters only for the invalid payloads");
        assertEquals(1.0, dropped, "tree's field 'root' dropped, counted once");
        assertEquals(List.of("Int64"), columnTypes("tree"), "no column for a recursive type");
        assertEquals(List.of("0|[]|('',NULL)|{}", "1|['t1']|('s1',1)|{'k':1}", "2|[]|('',NULL)|{}",
                "3|['t3']|('s3',3)|{'k':3}"), clickHouse.queryAll("SELECT toString(id) AS i, toString(tags) AS t,"
                + " toString(address) AS a, toString(attrs) AS m FROM " + database + ".opt WHERE id < 4 ORDER BY id")
                .stream().map(r -> r.getString("i") + "|" + r.getString("t") + "|" + r.getString("a") + "|"
                        + r.getString("m")).toList());
    }

    private Properties config(String treeTopic, String optTopic) {
        Properties p = new Properties();
        p.setProperty("application.id", name);
        p.setProperty("bootstrap.servers", stack.bootstrapServers());
        p.setProperty("source.topics", treeTopic + "," + optTopic);
        p.setProperty("dlq.topic", name + "-dlq");
        p.setProperty("schema.registry.url", stack.registryUrl());
        p.setProperty("clickhouse.url", stack.clickHouseUrl());
        p.setProperty("clickhouse.database", database);
        p.setProperty("route.tree.table", "tree");
        p.setProperty("route.tree.topics", treeTopic);
        p.setProperty("route.opt.table", "opt");
        p.setProperty("route.opt.topics", optTopic);
        p.setProperty("schema.evolution", "add-columns");
        p.setProperty("block.linger.ms", "300");
        p.setProperty("commit.interval.ms", "500");
        return p;
    }

    /** Produces {@link #RECORDS} records, every 50th of them random bytes; returns how many were invalid. */
    private int produce(String topic, int schemaId, Schema schema, java.util.function.LongFunction<GenericRecord> make) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        int invalid = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (long n = 0; n < RECORDS; n++) {
                byte[] value = n % 50 == 49 ? ("garbage " + n).getBytes() : WireFormat.encode(schemaId, schema,
                        make.apply(n));
                invalid += n % 50 == 49 ? 1 : 0;
                producer.send(new ProducerRecord<>(topic, Long.toString(n).getBytes(), value));
            }
            producer.flush();
        }
        return invalid;
    }

    /** A tree three levels deep. */
    private GenericRecord tree(long n) {
        Schema node = TREE.getField("root").schema();
        GenericRecord leaf = new GenericData.Record(node);
        leaf.put("label", "leaf-" + n);
        leaf.put("children", List.of());
        GenericRecord mid = new GenericData.Record(node);
        mid.put("label", "mid-" + n);
        mid.put("children", List.of(leaf, leaf));
        GenericRecord root = new GenericData.Record(node);
        root.put("label", "root-" + n);
        root.put("children", List.of(mid));
        GenericRecord r = new GenericData.Record(TREE);
        r.put("id", n);
        r.put("root", root);
        return r;
    }

    /** Even ids: every optional field null; odd ids: all present. */
    private GenericRecord opt(long n) {
        GenericRecord r = new GenericData.Record(OPT);
        r.put("id", n);
        if (n % 2 == 1) {
            r.put("tags", List.of("t" + n));
            GenericRecord address = new GenericData.Record(OPT.getField("address").schema().getTypes().get(1));
            address.put("street", "s" + n);
            address.put("zip", (int) n);
            r.put("address", address);
            r.put("attrs", Map.of("k", (int) n));
        }
        return r;
    }

    private long count(String table) {
        return Long.parseLong(clickHouse.queryAll("SELECT count() AS c FROM " + database + "." + table).get(0)
                .getString("c"));
    }

    private List<String> columnTypes(String table) {
        List<String> out = new ArrayList<>();
        clickHouse.queryAll("SELECT type FROM system.columns WHERE database = '" + database + "' AND table = '"
                + table + "' ORDER BY position").forEach(r -> out.add(r.getString("type")));
        return out;
    }
}
