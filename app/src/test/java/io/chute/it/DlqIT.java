package io.chute.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.chute.app.ChuteApp;
import io.chute.config.ChuteConfig;
import io.chute.dlq.DeadLetterHeaders;
import io.chute.metrics.ChuteMetric;

/**
 * {@code chute dlq inspect|redrive}: 3-letter countries are dead-lettered as mapping_failed; after the column is
 * widened a redrive lands them, and a second redrive re-publishes nothing.
 */
class DlqIT {

    @Test
    void shouldLandDeadLettersOnceWhenRedrivenAfterTheTableIsFixed(@TempDir Path dir) throws Exception {
        try (Harness h = new Harness(1)) {
            h.produce(0, 2_000); // 20 invalid: all with country "XYZ" (n % 100 == 99, n % 4 == 3)
            String config = CliRun.write(h.config(h.name), dir).toString();
            try (ChuteApp app = new ChuteApp(ChuteConfig.fromProperties(h.config(h.name)))) {
                app.start();
                Harness.await("rows and dead letters", Duration.ofMinutes(2), () -> h.clickHouseCount()
                        >= h.expected.size() && app.metrics().total(ChuteMetric.RECORDS_DEAD_LETTERED) >= 20);
            }
            assertEquals(20, h.deadLetters().size());

            CliRun inspect = CliRun.of("dlq", "inspect", "--config", config, "--limit", "2");
            assertEquals(0, inspect.exit(), inspect.err());
            assertTrue(inspect.out().matches("(?s).*mapping_failed\\s+20\\n.*"), inspect.out());
            assertTrue(inspect.out().contains("__streams.errors.message = column 'country'"), inspect.out());
            assertTrue(inspect.out().contains("samples (first 2)"), inspect.out());

            h.clickHouse.queryAll("ALTER TABLE " + h.database + ".events MODIFY COLUMN country String");
            try (ChuteApp app = new ChuteApp(ChuteConfig.fromProperties(h.config(h.name)))) {
                app.start();
                CliRun redrive = CliRun.of("dlq", "redrive", "--config", config, "--reason", "mapping_failed");
                assertEquals(0, redrive.exit(), redrive.err());
                assertTrue(redrive.out().contains("redriven 20"), redrive.out());
                Harness.await("redriven rows", Duration.ofMinutes(2),
                        () -> h.clickHouseCount() >= h.expected.size() + 20);
                CliRun again = CliRun.of("dlq", "redrive", "--config", config);
                assertEquals(0, again.exit(), again.err());
                assertTrue(again.out().contains("scanned 0 new dead letters: redriven 0"), again.out());
                Thread.sleep(1500);
            }
            assertEquals(h.expected.size() + 20, h.clickHouseCount());
            List<String> redriven = redrivenFrom(h);
            assertEquals(20, redriven.size(), "each dead letter re-published once");
            assertEquals(20, new java.util.HashSet<>(redriven).size(), "each dead letter re-published once");
            assertEquals(20, h.deadLetters().size(), "no new dead letters");
            long countries = Long.parseLong(h.clickHouse.queryAll("SELECT count() AS c FROM " + h.database
                    + ".events WHERE country = 'XYZ'").get(0).getString("c"));
            assertEquals(20, countries);
        }
    }

    /** The chute.dlq.redriven.from header of every committed source record that has one. */
    private static List<String> redrivenFrom(Harness h) {
        List<String> out = new java.util.ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers",
                h.stack.bootstrapServers(), "isolation.level", "read_committed"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(h.topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            while (c.position(tp) < end) {
                for (var r : c.poll(Duration.ofMillis(200))) {
                    var header = r.headers().lastHeader(DeadLetterHeaders.REDRIVEN_FROM);
                    if (header != null) {
                        out.add(new String(header.value()));
                    }
                }
            }
        }
        return out;
    }
}
