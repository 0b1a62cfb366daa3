package io.chute.localstack.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKafkaIT {
    @TempDir
    static Path workDir;
    static LocalKafka kafka;

    @BeforeAll
    static void startBroker() {
        long t0 = System.nanoTime();
        kafka = LocalKafka.start(workDir);
        System.out.printf("LocalKafka ready in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void shouldConsumeProducedRecordsWhenTopicCreated() throws Exception {
        kafka.createTopic("plain", 2, Map.of("retention.ms", "600000"));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps(Map.of()))) {
            producer.send(new ProducerRecord<>("plain", 0, "k", "v1")).get(10, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>("plain", 1, "k", "v2")).get(10, TimeUnit.SECONDS);
        }
        assertEquals(List.of("v1", "v2"), readAll("plain", "read_uncommitted", 2).stream().sorted().toList());
    }

    @Test
    void shouldSeeCommittedTransactionWhenReadingCommitted() {
        kafka.createTopic("tx", 1, Map.of());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps(
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-1")))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx", "k", "a"));
            producer.send(new ProducerRecord<>("tx", "k", "b"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx", "k", "aborted"));
            producer.abortTransaction();
        }
        assertEquals(List.of("a", "b"), readAll("tx", "read_committed", 2));
    }

    @Test
    void shouldStoreGroupOffsetsWhenConsumerCommits() throws Exception {
        kafka.createTopic("grouped", 1, Map.of());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps(Map.of()))) {
            producer.send(new ProducerRecord<>("grouped", "k", "x")).get(10, TimeUnit.SECONDS);
        }
        try (KafkaConsumer<String, String> consumer = consumer("g1", "read_uncommitted")) {
            consumer.subscribe(List.of("grouped"));
            pollUntil(consumer, 1);
            consumer.commitSync(Duration.ofSeconds(20));
        }
        Admin admin = kafka.admin();
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("g1")
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        assertEquals(1L, offsets.get(new TopicPartition("grouped", 0)).offset());
    }

    private static List<String> readAll(String topic, String isolation, int expected) {
        try (KafkaConsumer<String, String> consumer = consumer(null, isolation)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            return pollUntil(consumer, expected);
        }
    }

    private static List<String> pollUntil(KafkaConsumer<String, String> consumer, int expected) {
        List<String> values = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (values.size() < expected && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                values.add(r.value());
            }
        }
        // one more short poll: an extra (e.g. aborted) record must not show up
        consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
        assertTrue(values.size() >= expected, "only got " + values);
        return values;
    }

    private static Properties producerProps(Map<String, String> extra) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.putAll(extra);
        return p;
    }

    private static KafkaConsumer<String, String> consumer(String group, String isolation) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        if (group != null) {
            p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        return new KafkaConsumer<>(p);
    }
}
