package io.chute.it;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.LongPredicate;

import com.clickhouse.client.api.Client;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import io.chute.localstack.LocalStack;
import io.chute.serde.HttpSchemaRegistryClient;
import io.chute.serde.RegistryClientConfig;

/**
 * One isolated scenario on the shared local stack: its own topic, DLQ topic, ClickHouse database and application
 * id. Produces known events and checks ClickHouse and the DLQ against them row by row.
 */
final class Harness implements AutoCloseable {
    final LocalStack stack = LocalStack.shared();
    final String name = LocalStack.uniqueName("it");
    final String topic = name + "-events";
    final String dlq = name + "-dlq";
    final String database = name.replace('-', '_');
    final Events events;
    final Client clickHouse;
    int v1Id;
    int v2Id;
    /** event_id -> expected row text; invalid payload count. */
    final Map<String, String> expected = new HashMap<>();
    int invalid;

    Harness(int partitions) throws Exception {
        this(partitions, true);
    }

    /** @param registerV2 false: only v1 is registered; {@link #registerV2()} later (schema evolution tests) */
    Harness(int partitions, boolean registerV2) throws Exception {
        events = new Events(Events.schemasDir());
        clickHouse = new Client.Builder().addEndpoint(stack.clickHouseUrl()).setUsername("default").setPassword("")
                .build();
        clickHouse.queryAll("CREATE DATABASE " + database);
        String ddl = Files.readString(Events.schemasDir().resolve("clickhouse/events.sql"))
                .replace("CREATE TABLE IF NOT EXISTS events", "CREATE TABLE " + database + ".events");
        clickHouse.queryAll(ddl.replaceAll("(?m)^--.*$", "").trim());
        stack.kafka().createTopic(topic, partitions, Map.of());
        stack.kafka().createTopic(dlq, 1, Map.of());
        HttpSchemaRegistryClient registry = new HttpSchemaRegistryClient(
                RegistryClientConfig.builder(stack.registryUrl()).build());
        v1Id = registry.register(topic + "-value", events.v1.toString(), List.of());
        if (registerV2) {
            registerV2();
        }
    }

    void registerV2() throws Exception {
        v2Id = new HttpSchemaRegistryClient(RegistryClientConfig.builder(stack.registryUrl()).build())
                .register(topic + "-value", events.v2.toString(), List.of());
    }

    Properties config(String appId) {
        Properties p = new Properties();
        p.setProperty("application.id", appId);
        p.setProperty("bootstrap.servers", stack.bootstrapServers());
        p.setProperty("source.topics", topic);
        p.setProperty("dlq.topic", dlq);
        p.setProperty("schema.registry.url", stack.registryUrl());
        p.setProperty("clickhouse.url", stack.clickHouseUrl());
        p.setProperty("clickhouse.database", database);
        p.setProperty("table", "events");
        p.setProperty("block.max.rows", "2000");
        p.setProperty("block.linger.ms", "300");
        p.setProperty("commit.interval.ms", "500");
        p.setProperty("streams.consumer.session.timeout.ms", "10000");
        p.setProperty("streams.consumer.heartbeat.interval.ms", "1000");
        // Several instances of one test share a host: a host name taken as instance.id would make them fence
        // each other (tests that want static membership set their own ids).
        p.setProperty("instance.id", "none");
        return p;
    }

    /** Produces events {@code [from, to)}: every 100th invalid, odd ones with v2. */
    void produce(long from, long to) {
        produce(from, to, n -> n % 2 == 1);
    }

    /**
     * Produces events {@code [from, to)}: every 100th invalid, those {@code useV2} picks with v2. Sends the producer
     * reports failed are checked against the topic and the absent ones sent again: an event expected but never in
     * Kafka would read as a row chute lost (it happened: KAFKA-15591, see {@link #send}).
     */
    void produce(long from, long to, LongPredicate useV2) {
        List<Long> pending = new ArrayList<>();
        for (long n = from; n < to; n++) {
            if (n % 100 == 99) {
                invalid++;
            } else {
                GenericRecord event = events.event(n, useV2.test(n));
                expected.put(event.get("event_id").toString(), rowText(event));
            }
            pending.add(n);
        }
        for (int attempt = 1; ; attempt++) {
            Map<Long, String> failed = send(pending, useV2);
            if (failed.isEmpty()) {
                return;
            }
            Set<String> inTopic = keysInTopic();
            pending = failed.keySet().stream().filter(n -> !inTopic.contains(Long.toString(n))).sorted().toList();
            System.out.printf("[harness] %d sends failed (first: %s); %d of them are in the topic anyway%n",
                    failed.size(), failed.values().iterator().next(), failed.size() - pending.size());
            if (pending.isEmpty()) {
                return;
            }
            if (attempt == 3) {
                throw new IllegalStateException("could not produce events " + pending);
            }
        }
    }

    /** Sends events {@code ns}; returns those whose send failed, with the error. */
    private Map<Long, String> send(List<Long> ns, LongPredicate useV2) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        // KAFKA-15591: with several requests in flight, a later batch to a partition the broker has just created can
        // be appended before the first one, whose retries then fail with OutOfOrderSequenceException until they
        // expire (records lost despite idempotence). One request in flight keeps a partition's batches in order.
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        Map<Long, String> failed = new ConcurrentHashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (long n : ns) {
                boolean v2 = useV2.test(n);
                byte[] value = n % 100 == 99 ? events.invalid(n, v1Id)
                        : events.encode(v2 ? v2Id : v1Id, events.event(n, v2));
                producer.send(new ProducerRecord<>(topic, Long.toString(n).getBytes(), value), (md, error) -> {
                    if (error != null) {
                        failed.put(n, error.toString());
                    }
                });
            }
            producer.flush();
        }
        return failed;
    }

    /** Keys of every record in the source topic. */
    private Set<String> keysInTopic() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        Set<String> keys = new HashSet<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> tps = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps);
            while (tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> keys.add(new String(r.key())));
            }
        }
        return keys;
    }

    private static String rowText(GenericRecord e) {
        Object referrer = e.getSchema().getField("referrer") == null ? null : e.get("referrer");
        return e.get("user_id") + "|" + e.get("event_type") + "|" + e.get("payload") + "|" + e.get("amount") + "|"
                + e.get("country") + "|" + e.get("session_ms") + "|" + e.get("ts") + "|" + referrer;
    }

    long clickHouseCount() {
        return clickHouseCount("events");
    }

    /** The test's own client may hold connections from before a restart; a failed count is just "not yet". */
    long clickHouseCountOrZero() {
        try {
            return clickHouseCount();
        } catch (RuntimeException notYet) {
            return 0;
        }
    }

    /** Row-by-row comparison of table {@code events}. */
    List<String> differences() {
        return differences("events");
    }

    /** Creates another table like {@code events} in this scenario's database (routes fanning out). */
    void createTableLikeEvents(String table) {
        clickHouse.queryAll("CREATE TABLE " + database + "." + table + " AS " + database + ".events");
    }

    /** {@link #config} with every record routed to {@code events} and to {@code events_b} (route a and b). */
    Properties configTwoTables(String appId) {
        Properties p = config(appId);
        p.setProperty("route.a.table", "events");
        p.setProperty("route.b.table", "events_b");
        return p;
    }

    /** {@code events_b} and {@code events_b_copy} like {@code events}, and view {@code mv_b} from the first to the second. */
    void createTableBWithView() {
        createTableLikeEvents("events_b");
        createTableLikeEvents("events_b_copy");
        clickHouse.queryAll("CREATE MATERIALIZED VIEW " + database + ".mv_b TO " + database
                + ".events_b_copy AS SELECT * FROM " + database + ".events_b");
    }

    long clickHouseCount(String table) {
        return Long.parseLong(clickHouse.queryAll("SELECT count() AS c FROM " + database + "." + table).get(0)
                .getString("c"));
    }

    /** Row-by-row comparison: every expected key exactly once with equal values, nothing else. */
    List<String> differences(String table) {
        List<String> diffs = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (var row : clickHouse.queryAll("SELECT toString(event_id) AS id, user_id, event_type, payload, amount,"
                + " country, session_ms, toUnixTimestamp64Milli(ts) AS ms, referrer FROM " + database + "." + table)) {
            String id = row.getString("id");
            seen.merge(id, 1, Integer::sum);
            String actual = row.getLong("user_id") + "|" + row.getString("event_type") + "|" + row.getString("payload")
                    + "|" + row.getDouble("amount") + "|" + row.getString("country") + "|" + row.getInteger("session_ms")
                    + "|" + row.getLong("ms") + "|" + (row.getObject("referrer") == null ? null
                    : row.getString("referrer"));
            String want = expected.get(id);
            if (want == null) {
                diffs.add("unexpected row " + id);
            } else if (!want.equals(actual)) {
                diffs.add("row " + id + " differs: want " + want + " got " + actual);
            }
        }
        seen.forEach((id, count) -> {
            if (count > 1) {
                diffs.add("duplicate " + id + " x" + count);
            }
        });
        expected.keySet().stream().filter(id -> !seen.containsKey(id)).limit(20).forEach(id -> diffs.add("missing " + id));
        return diffs;
    }

    /** Committed dead letters, as source offsets "partition@offset". */
    List<String> deadLetters() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(dlq, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            while (consumer.position(tp) < end) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(new String(r.headers().lastHeader("__streams.errors.partition").value()) + "@"
                            + new String(r.headers().lastHeader("__streams.errors.offset").value()));
                }
            }
        }
        return out;
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    @Override
    public void close() {
        clickHouse.close();
    }
}
