package io.chute.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/**
 * Grouped inserts ({@code insert.scope=thread}, topology-docs/GROUPED-INSERTS.md) at many lanes: 64 partitions
 * routed to 2 tables, one feeding a materialized view, two instances (2 stream threads each) as separate JVMs killed
 * with SIGKILL in turns while records flow (one of them also halts itself right after a group's insert, before its
 * LANDED, through the test-only fault hook). Both tables and the view's target must end equal to the input row by row, every invalid
 * record dead-lettered exactly once, and the inserts must really span lanes (lanes per INSERT from /metrics).
 * Size: {@code -Dchute.grouped.it.events} (default 40,000).
 */
class GroupedInsertsIT {
    private static final int PARTITIONS = 64;
    private static final int EVENTS = Integer.getInteger("chute.grouped.it.events", 40_000);
    private static final int KILLS = 4;

    /** Per instance: groups landed and their lanes, last scraped. */
    private final Map<String, double[]> groups = new ConcurrentHashMap<>();

    @Test
    void shouldLandEveryRowOnceInBothTablesAndTheViewTargetWhenInstancesAreKilledInTurns() throws Exception {
        long start = System.nanoTime();
        try (Harness h = new Harness(PARTITIONS)) {
            h.createTableBWithView();
            h.produce(0, EVENTS / 2);
            Path dir = Path.of("target", "grouped-it", h.name);
            Properties config = h.configTwoTables(h.name);
            config.setProperty("insert.scope", "thread");
            config.setProperty("block.linger.ms", "500");
            config.setProperty("num.stream.threads", "2"); // grouped inserts keep their state per stream thread
            Properties faulty = (Properties) config.clone();
            faulty.setProperty("test.faults", "crash-after-insert=0.05");
            try (ScrapedInstances instances = new ScrapedInstances(this::scraped)) {
                AtomicReference<RuntimeException> produceFailure = new AtomicReference<>();
                Thread producer = new Thread(() -> {
                    try {
                        h.produce(EVENTS / 2, EVENTS);
                    } catch (RuntimeException e) {
                        produceFailure.set(e);
                    }
                }, "producer");
                producer.start();
                killInTurns(h, instances, new Properties[] {config, faulty}, dir);
                producer.join();
                if (produceFailure.get() != null) {
                    throw produceFailure.get(); // not a chute failure: the input is not what the test expects
                }
                // the faulty instance may have halted itself: a healthy one finishes the work
                instances.start(config, dir, "final", "512m");
                try {
                    Harness.await("every row in both tables and the view's target", Duration.ofMinutes(4),
                            () -> h.clickHouseCount("events") >= h.expected.size()
                                    && h.clickHouseCount("events_b") >= h.expected.size()
                                    && h.clickHouseCount("events_b_copy") >= h.expected.size()
                                    && new HashSet<>(h.deadLetters()).size() >= h.invalid);
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + ": " + h.clickHouseCount("events") + ", "
                            + h.clickHouseCount("events_b") + " and " + h.clickHouseCount("events_b_copy") + " of "
                            + h.expected.size() + " rows; logs in " + dir
                            + LostRows.explain(h, h.name, List.of("events", "events_b")), e);
                }
                Thread.sleep(1500); // a duplicate would land after the count is reached
            }
            assertEquals(List.of(), h.differences("events"));
            assertEquals(List.of(), h.differences("events_b"));
            assertEquals(List.of(), h.differences("events_b_copy"), "target of mv_b");
            List<String> letters = h.deadLetters();
            assertEquals(h.invalid, new HashSet<>(letters).size(), "every invalid record dead-lettered");
            assertEquals(h.invalid, letters.size(), "no dead letter twice");
            double inserts = groups.values().stream().mapToDouble(g -> g[0]).sum();
            double lanes = groups.values().stream().mapToDouble(g -> g[1]).sum();
            System.out.printf("GroupedInsertsIT: %d events x 2 tables over %d partitions, %d kills, in %.0f s; "
                    + "%.0f grouped inserts of %.1f lanes on average (scraped, killed instances' last scrape)%n",
                    EVENTS, PARTITIONS, KILLS, (System.nanoTime() - start) / 1e9, inserts, lanes / inserts);
            assertTrue(inserts > 0 && lanes / inserts > 2, "inserts span lanes: " + inserts + " inserts, " + lanes
                    + " lanes");
        }
    }

    /** Kills the two instances in turns, each once a share of the rows left landed, and restarts it. */
    private static void killInTurns(Harness h, ScrapedInstances instances, Properties[] configs, Path dir)
            throws Exception {
        String[] names = {"a0", "b0"};
        ChuteProcess[] live = {instances.start(configs[0], dir, names[0], "512m"),
            instances.start(configs[1], dir, names[1], "512m")};
        for (int kill = 1; kill <= KILLS; kill++) {
            long before = h.clickHouseCount("events");
            // an even share of what is left, so the last kill still falls mid-stream
            long target = Math.min(h.expected.size(), before + 1 + (h.expected.size() - before) / (KILLS - kill + 2));
            Harness.await("rows land before kill " + kill, Duration.ofSeconds(90),
                    () -> h.clickHouseCount("events") >= target);
            int victim = kill % 2;
            instances.kill9(names[victim], live[victim]);
            System.out.printf("GroupedInsertsIT: kill %d, %d of %d rows in events%n", kill,
                    h.clickHouseCount("events"), h.expected.size());
            names[victim] = (victim == 0 ? "a" : "b") + kill;
            live[victim] = instances.start(configs[victim], dir, names[victim], "512m");
        }
    }

    /** Per instance, the grouped inserts and their lanes so far. */
    private void scraped(String name, String line) {
        if (line.startsWith("chute_groups_inserted_total ")) {
            groups.computeIfAbsent(name, n -> new double[2])[0] = ScrapedInstances.value(line);
        } else if (line.startsWith("chute_group_lanes_total ")) {
            groups.computeIfAbsent(name, n -> new double[2])[1] = ScrapedInstances.value(line);
        }
    }
}
