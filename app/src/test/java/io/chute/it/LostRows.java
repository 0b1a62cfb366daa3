package io.chute.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import io.chute.state.LedgerCodec;
import io.chute.state.LedgerEntry;
import io.chute.state.LedgerKey;
import io.chute.state.LedgerNames;

/**
 * Explains missing rows after a failed exactness wait: each missing event as source (partition, offset), and for
 * those partitions the whole committed ledger history and the group's committed offset. Diagnostics only: nothing
 * here is asserted.
 */
final class LostRows {
    private static final Duration READ = Duration.ofSeconds(30);

    private LostRows() {
    }

    /** The report for {@code tables} of the scenario {@code h} whose Streams application id is {@code appId}. */
    static String explain(Harness h, String appId, List<String> tables) {
        StringBuilder out = new StringBuilder();
        try {
            Map<Long, TopicPartition> positions = new HashMap<>();
            Map<Long, Long> offsets = new HashMap<>();
            readAll(h, h.topic, "read_uncommitted", r -> {
                long n = Long.parseLong(new String(r.key()));
                positions.put(n, new TopicPartition(r.topic(), r.partition()));
                offsets.put(n, r.offset());
            });
            Set<Integer> partitions = new TreeSet<>();
            for (String table : tables) {
                Set<String> present = new HashSet<>();
                h.clickHouse.queryAll("SELECT toString(event_id) AS id FROM " + h.database + "." + table)
                        .forEach(row -> present.add(row.getString("id")));
                Map<Integer, List<Long>> missing = new TreeMap<>();
                for (String id : h.expected.keySet()) {
                    if (!present.contains(id)) {
                        long n = UUID.fromString(id).getLeastSignificantBits();
                        TopicPartition tp = positions.get(n);
                        missing.computeIfAbsent(tp == null ? -1 : tp.partition(), p -> new ArrayList<>())
                                .add(offsets.getOrDefault(n, -1L));
                    }
                }
                missing.values().forEach(list -> list.sort(null));
                out.append("\nmissing in ").append(table).append(" (partition=[offsets]): ").append(missing);
                partitions.addAll(missing.keySet());
            }
            Map<LedgerKey, List<String>> history = new TreeMap<>((a, b) -> (a.partition() + "|" + a.table())
                    .compareTo(b.partition() + "|" + b.table()));
            readAll(h, LedgerNames.topic(appId), "read_committed", r -> {
                LedgerKey key = LedgerKey.decode(r.key());
                if (partitions.contains(key.partition())) {
                    LedgerEntry e = r.value() == null ? null : LedgerCodec.decode(r.value());
                    history.computeIfAbsent(key, k -> new ArrayList<>()).add("@" + r.partition() + ":" + r.offset()
                            + " " + (e == null ? "tombstone" : e.state() + " [" + e.firstOffset() + "," + e.lastOffset()
                            + "] rows " + e.rows() + " t " + e.timestamp()));
                }
            });
            out.append("\n(a newest INTENT [f,l] whose partition's committed offset is above l landed: its LANDED is "
                    + "never written, DESIGN.md invariant 5)");
            history.forEach((key, entries) -> out.append("\nledger ").append(key.table()).append(" p")
                    .append(key.partition()).append(": ").append(entries));
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    h.stack.bootstrapServers()))) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(appId)
                        .partitionsToOffsetAndMetadata().get();
                for (int p : partitions) {
                    out.append("\ncommitted offset p").append(p).append(": ")
                            .append(committed.get(new TopicPartition(h.topic, p)));
                }
            }
        } catch (Exception e) {
            out.append("\n(diagnostics failed: ").append(e).append(')');
        }
        return out.toString();
    }

    private static void readAll(Harness h, String topic, String isolation,
                                Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, h.stack.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, READ)) {
                tps.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps, READ);
            long deadline = System.nanoTime() + READ.toNanos();
            while (tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(each);
            }
        }
    }
}
