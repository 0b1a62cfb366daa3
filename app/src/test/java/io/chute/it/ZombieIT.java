package io.chute.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A zombie cannot land a block after its partitions moved (topology-docs/DESIGN.md, crash point "zombie").
 * Instance A (its own JVM) stalls every insert while a file exists, after the ledger's INTENT; its stream thread,
 * waiting in the commit for those inserts, misses {@code max.poll.interval.ms} and leaves the group. Instance B
 * (same application id) takes the partitions, fences A's ledger, re-inserts the interrupted blocks under their
 * tokens and goes on. Then the stall ends: A's late inserts carry the same tokens (ClickHouse drops them) and A's
 * next ledger write is fenced, so it drops its tasks and rejoins. ClickHouse must hold exactly the valid input, the
 * dead-letter topic exactly the invalid input.
 */
class ZombieIT {
    private static final Duration MAX_POLL_INTERVAL = Duration.ofSeconds(15);

    @ParameterizedTest
    @ValueSource(strings = {"lane", "thread"})
    void shouldLandExactlyTheValidInputWhenAStalledZombieResumesAfterItsPartitionsMoved(String scope)
            throws Exception {
        try (Harness h = new Harness(2)) {
            Path dir = Path.of("target", "zombie-it", h.name + "-" + scope).toAbsolutePath();
            Files.createDirectories(dir);
            Path stall = dir.resolve("stall");
            Properties healthy = h.config(h.name);
            healthy.setProperty("insert.scope", scope); // thread: the zombie's offset commit is what gets fenced
            healthy.setProperty("streams.consumer.max.poll.interval.ms", Long.toString(MAX_POLL_INTERVAL.toMillis()));
            healthy.setProperty("streams.consumer.session.timeout.ms", "10000");
            Properties stalling = (Properties) healthy.clone();
            stalling.setProperty("test.faults", "stall-while-file=" + stall);
            h.produce(0, 40_000);
            long start = System.nanoTime();
            try (ChuteProcess a = ChuteProcess.start(stalling, dir, "a")) {
                // Mid-stream: A has landed a good part of the backlog and is inserting more.
                Harness.await("A landed rows", Duration.ofMinutes(2), () -> h.clickHouseCount() > 5_000);
                Files.createFile(stall);
                Thread.sleep(1000); // inserts already past the stall point finish
                long landedByA = h.clickHouseCount();
                log(start, "A stalled with %d of %d rows landed", landedByA, h.expected.size());
                h.produce(40_000, 50_000);
                try (ChuteProcess b = ChuteProcess.start(healthy, dir, "b")) {
                    Harness.await("B took over and landed rows", Duration.ofMinutes(2),
                            () -> h.clickHouseCount() > landedByA + 10_000);
                    log(start, "B landed: %d rows", h.clickHouseCount());
                    h.produce(50_000, 60_000);
                    assertTrue(a.isAlive(), "A is still alive (a zombie) when its stall ends");
                    Files.delete(stall);
                    log(start, "stall ended");
                    // Whichever write of A's comes first is fenced: a ledger write (LedgerFencedException) or a
                    // send of its Streams producer (a dead letter, an offset: Streams' TaskMigratedException).
                    Harness.await("A's next write fenced", Duration.ofMinutes(1),
                            () -> logOf(a).contains("LedgerFencedException")
                                    || logOf(a).contains("TaskMigratedException"));
                    Harness.await("all rows", Duration.ofMinutes(2), () -> h.clickHouseCount() >= h.expected.size());
                    log(start, "all rows landed");
                    try {
                        Harness.await("all dead letters committed", Duration.ofMinutes(1),
                                () -> new HashSet<>(h.deadLetters()).size() >= h.invalid);
                    } catch (AssertionError e) {
                        diagnose(h);
                        throw e;
                    }
                    Thread.sleep(2000); // a late duplicate would show up now
                    log(start, "done; A alive: %s", a.isAlive());
                    // Fenced, A closes its tasks and rejoins the group (as Streams does for a fenced member).
                    assertTrue(a.isAlive(), "A rejoined the group instead of stopping");
                    assertTrue(logOf(b).contains("re-inserting interrupted block")
                                    || logOf(b).contains("re-inserting group"),
                            "B re-inserted the blocks (or grouped inserts) A had stalled on");
                }
            } finally {
                Files.deleteIfExists(stall);
            }
            assertEquals(List.of(), h.differences());
            List<String> letters = h.deadLetters();
            assertEquals(h.invalid, letters.size(), "dead letters are exactly the invalid input");
            assertEquals(h.invalid, new HashSet<>(letters).size(), "no dead letter twice");
        }
    }

    private static void diagnose(Harness h) throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                java.util.Map.of("bootstrap.servers", h.stack.bootstrapServers()))) {
            var tp = new org.apache.kafka.common.TopicPartition(h.dlq, 0);
            System.out.println("[zombie-it] letters " + new HashSet<>(h.deadLetters()).size() + " of " + h.invalid);
            List<String> diffs = h.differences();
            System.out.println("[zombie-it] count " + h.clickHouseCount() + ", differences " + diffs.size() + ": "
                    + diffs.subList(0, Math.min(8, diffs.size())));
            System.out.println("[zombie-it] missing dead letters " + missingDeadLetters(h));
            java.util.Set<String> uncommitted = new java.util.HashSet<>();
            try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(java.util.Map.of(
                    "bootstrap.servers", h.stack.bootstrapServers(), "isolation.level", "read_uncommitted"),
                    new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                    new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                long end = consumer.endOffsets(List.of(tp)).get(tp);
                while (consumer.position(tp) < end) {
                    for (var r : consumer.poll(Duration.ofMillis(200))) {
                        uncommitted.add(new String(r.headers().lastHeader("__streams.errors.partition").value()) + "@"
                                + new String(r.headers().lastHeader("__streams.errors.offset").value()));
                    }
                }
                System.out.println("[zombie-it] dlq end " + end + ", read_uncommitted distinct " + uncommitted.size());
            }
            var missing = missingDeadLetters(h);
            missing.retainAll(uncommitted);
            System.out.println("[zombie-it] missing but in DLQ uncommitted: " + missing.size());
            System.out.println("[zombie-it] group offsets " + admin.listConsumerGroupOffsets(h.name)
                    .partitionsToOffsetAndMetadata().get());
            System.out.println("[zombie-it] producers " + admin.describeProducers(List.of(tp)).all().get());
            System.out.println("[zombie-it] txns " + admin.listTransactions().all().get());
        }
    }

    /** partition@offset of invalid source records (key n with n % 100 == 99) that have no dead letter. */
    private static java.util.TreeSet<String> missingDeadLetters(Harness h) {
        java.util.TreeSet<String> missing = new java.util.TreeSet<>();
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(java.util.Map.of(
                "bootstrap.servers", h.stack.bootstrapServers()),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            var parts = consumer.partitionsFor(h.topic).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(h.topic, p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            var end = consumer.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    if (Long.parseLong(new String(r.key())) % 100 == 99) {
                        missing.add(r.partition() + "@" + r.offset());
                    }
                }
            }
        }
        missing.removeAll(h.deadLetters());
        return missing;
    }

    private static String logOf(ChuteProcess p) {
        try {
            return Files.readString(p.log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void log(long start, String format, Object... args) {
        System.out.printf("[zombie-it +%ds] %s%n", (System.nanoTime() - start) / 1_000_000_000,
                String.format(format, args));
    }
}
