package io.chute.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/**
 * Several chute instances (separate JVMs, one application id) share the partitions while the stream runs:
 * instances join, one leaves gracefully, one is killed with SIGKILL, and producers keep producing throughout.
 * ClickHouse must end with exactly the valid input and the DLQ with exactly the invalid input.
 * Size: {@code -Dchute.scale.events} (default 150,000; the run: 500,000).
 */
class ScaledInstancesIT {
    private static final int EVENTS = Integer.getInteger("chute.scale.events", 150_000);

    @Test
    void shouldHoldExactlyTheValidInputWhenInstancesJoinLeaveAndAreKilled() throws Exception {
        try (Harness h = new Harness(6)) {
            h.produce(0, EVENTS / 3);
            Path dir = Path.of("target", "scale-it", h.name);
            Properties config = h.config(h.name);
            config.setProperty("block.max.rows", "10000");
            List<ChuteProcess> all = new ArrayList<>();
            try {
                ChuteProcess a = start(all, config, dir, "a");
                ChuteProcess b = start(all, config, dir, "b");
                ChuteProcess c = start(all, config, dir, "c");
                awaitProgress(h, "three instances land rows");
                Thread producer = new Thread(() -> h.produce(EVENTS / 3, EVENTS), "producer");
                producer.start();
                c.close(); // leaves gracefully: rebalance
                System.out.println("c left; " + h.clickHouseCount() + " rows");
                awaitProgress(h, "two instances after c left");
                ChuteProcess d = start(all, config, dir, "d"); // joins: rebalance
                awaitProgress(h, "d joined");
                b.kill9(); // dies without a word: its partitions move after the session timeout
                System.out.println("b killed; " + h.clickHouseCount() + " rows");
                awaitProgress(h, "after b was killed");
                start(all, config, dir, "e");
                producer.join();
                Harness.await("every row", Duration.ofMinutes(6), () -> h.clickHouseCount() >= h.expected.size()
                        && new HashSet<>(h.deadLetters()).size() >= h.invalid);
                Thread.sleep(2000);
                a.close();
                d.close();
            } finally {
                for (ChuteProcess p : all) {
                    p.close();
                }
            }
            assertEquals(List.of(), h.differences());
            List<String> letters = h.deadLetters();
            assertEquals(h.invalid, letters.size(), "every invalid record dead-lettered once");
            assertEquals(h.invalid, new HashSet<>(letters).size());
        }
    }

    private static ChuteProcess start(List<ChuteProcess> all, Properties config, Path dir, String name)
            throws Exception {
        ChuteProcess p = ChuteProcess.start(config, dir, name);
        all.add(p);
        return p;
    }

    private static void awaitProgress(Harness h, String what) throws InterruptedException {
        long before = h.clickHouseCount();
        Harness.await(what, Duration.ofMinutes(3), () -> h.clickHouseCount() > before);
    }
}
