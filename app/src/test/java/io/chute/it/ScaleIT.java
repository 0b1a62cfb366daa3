package io.chute.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Many lanes per instance, under both insert scopes: 96 partitions routed to 2 tables, 3 instances as separate JVMs
 * with a small heap and a small memory budget, one killed with SIGKILL while records flow and a fourth joining.
 * Table {@code events_b} feeds a materialized view ({@code mv_b} -> {@code events_b_copy}), so blocks the kill
 * interrupts are retried with a view on the target. Both tables and the view's target must end equal to the input
 * row by row, and no instance's held memory (chute.memory.peak.bytes, scraped from /metrics while it ran) may pass
 * its budget by more than the documented overshoot (one row plus one array growth of a block, <= block.max.bytes),
 * through the kill and the rebalances, while Kafka Streams makes no commits (grouped inserts then pause processing).
 * The budget is far below what 32 partitions x 2 tables per instance bring, so it binds.
 * Size: {@code -Dchute.scale.it.events} (default 40,000: half of them a backlog of ~200 records per partition, more
 * than Streams queues per partition at this budget, so the fetch gate has records left to hold).
 */
class ScaleIT {
    private static final int PARTITIONS = 96;
    private static final int EVENTS = Integer.getInteger("chute.scale.it.events", 40_000);
    private static final long BUDGET = 1024 * 1024;
    private static final long BLOCK_MAX_BYTES = 128 * 1024;
    private static final String HEAP = "160m";

    /** Per instance: highest chute_memory_peak_bytes and the budget it reported. */
    private final Map<String, Double> peaks = new ConcurrentHashMap<>();
    private final Map<String, Double> budgets = new ConcurrentHashMap<>();
    /** Per instance: early submissions and backpressure waits, last scraped. */
    private final Map<String, String> pressure = new ConcurrentHashMap<>();
    /** Per instance: partitions the fetch gate paused, last scraped. */
    private final Map<String, Double> pauses = new ConcurrentHashMap<>();

    @ParameterizedTest
    @ValueSource(strings = {"lane", "thread"})
    void shouldLandEveryRowInBothTablesAndTheViewTargetWithinTheMemoryBudgetWhenAnInstanceIsKilled(String scope)
            throws Exception {
        long start = System.nanoTime();
        try (Harness h = new Harness(PARTITIONS)) {
            h.createTableBWithView();
            h.produce(0, EVENTS / 2);
            Path dir = Path.of("target", "scale-lanes-it", h.name + "-" + scope);
            Properties config = h.configTwoTables(h.name);
            config.setProperty("insert.scope", scope);
            config.setProperty("buffer.memory.bytes", Long.toString(BUDGET));
            config.setProperty("block.max.bytes", Long.toString(BLOCK_MAX_BYTES));
            config.setProperty("block.linger.ms", "1000");
            config.setProperty("commit.interval.ms", "1000");
            // ~64 lanes per table per instance at 20 blocks/s: 3.2 s lingers, so commits keep quiet blocks open
            config.setProperty("insert.max.per.second.per.table", "20");
            List<ChuteProcess> all;
            try (ScrapedInstances instances = new ScrapedInstances(this::scraped)) {
                all = instances.all();
                instances.start(config, dir, "a", HEAP);
                ChuteProcess b = instances.start(config, dir, "b", HEAP);
                instances.start(config, dir, "c", HEAP);
                awaitProgress(h, "three instances land rows");
                AtomicReference<RuntimeException> produceFailure = new AtomicReference<>();
                Thread producer = producing(h, produceFailure);
                producer.start();
                awaitProgress(h, "rows land while records flow");
                instances.kill9("b", b);
                System.out.println("b killed; " + h.clickHouseCount() + " rows in events");
                instances.start(config, dir, "d", HEAP);
                producer.join();
                if (produceFailure.get() != null) {
                    throw produceFailure.get(); // not a chute failure: the input is not what the test expects
                }
                try {
                    Harness.await("every row in both tables and the view's target", Duration.ofMinutes(4),
                            () -> h.clickHouseCount("events") >= h.expected.size()
                                    && h.clickHouseCount("events_b") >= h.expected.size()
                                    && h.clickHouseCount("events_b_copy") >= h.expected.size());
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + ": " + h.clickHouseCount("events") + " and "
                            + h.clickHouseCount("events_b") + " (view target " + h.clickHouseCount("events_b_copy")
                            + ") of " + h.expected.size() + " rows; memory " + peaks
                            + ", pressure " + pressure + "; logs in " + dir
                            + LostRows.explain(h, h.name, List.of("events", "events_b")), e);
                }
                Thread.sleep(1000); // a duplicate would land after the count is reached
            }
            assertEquals(List.of(), h.differences("events"));
            assertEquals(List.of(), h.differences("events_b"));
            assertEquals(List.of(), h.differences("events_b_copy"), "target of mv_b");
            System.out.printf("ScaleIT (" + scope + "): %d events x 2 tables over %d partitions in %.0f s; memory peak per instance "
                    + "%s of budget %s; pressure %s; partitions paused %s%n", EVENTS, PARTITIONS,
                    (System.nanoTime() - start) / 1e9, peaks, budgets, pressure, pauses);
            assertWithinBudget(all);
        }
    }

    /**
     * Scraped peaks within budget plus overshoot, no OutOfMemoryError in any instance's log, and the budget reached
     * its soft limit on some instance (else the bound proved nothing). Which relief acted varies from run to run (early
     * blocks, the fetch gate, waits; under grouped inserts commits and pauses): printed, not asserted.
     */
    private void assertWithinBudget(List<ChuteProcess> all) throws Exception {
        assertFalse(peaks.isEmpty(), "instances were scraped");
        for (Map.Entry<String, Double> peak : peaks.entrySet()) {
            assertEquals(BUDGET, budgets.get(peak.getKey()), 0.5, "budget in effect");
            assertTrue(peak.getValue() <= BUDGET + BLOCK_MAX_BYTES, peak.getKey() + " held " + peak.getValue());
        }
        assertTrue(peaks.values().stream().mapToDouble(Double::doubleValue).max().orElse(0) >= BUDGET * 3 / 4,
                "some instance reached the budget's soft limit: " + peaks);
        for (ChuteProcess p : all) {
            assertFalse(Files.readString(p.log).contains("OutOfMemoryError"), p.log.toString());
        }
    }

    /** The second half of the events, produced on a thread; a failed send ends up in {@code failure}. */
    private static Thread producing(Harness h, AtomicReference<RuntimeException> failure) {
        return new Thread(() -> {
            try {
                h.produce(EVENTS / 2, EVENTS);
            } catch (RuntimeException e) {
                failure.set(e);
            }
        }, "producer");
    }

    /** One /metrics line of an instance. */
    private void scraped(String name, String line) {
        if (line.startsWith("chute_memory_peak_bytes ")) {
            peaks.merge(name, ScrapedInstances.value(line), Math::max);
        } else if (line.startsWith("chute_memory_budget_bytes ")) {
            budgets.put(name, ScrapedInstances.value(line));
        } else if (line.startsWith("chute_blocks_submitted_early_total ")) {
            pressure.put(name + " early", line.substring(line.lastIndexOf(' ') + 1));
        } else if (line.startsWith("chute_partition_pauses_memory_total ")) {
            pauses.merge(name, ScrapedInstances.value(line), Math::max);
        } else if (line.startsWith("chute_backpressure_waits_total ")) {
            pressure.put(name + " waits", line.substring(line.lastIndexOf(' ') + 1));
        }
    }

    private static void awaitProgress(Harness h, String what) throws InterruptedException {
        long before = h.clickHouseCount();
        Harness.await(what, Duration.ofMinutes(2), () -> h.clickHouseCount() > before);
    }
}
