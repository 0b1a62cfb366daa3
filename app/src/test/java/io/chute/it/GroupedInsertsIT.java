package io.chute.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/**
 * Grouped inserts ({@code insert.scope=thread}, topology-docs/GROUPED-INSERTS.md) at many lanes: 64 partitions
 * routed to 2 tables, one feeding a materialized view, two instances as separate JVMs killed with SIGKILL in turns
 * while records flow (one of them also halts itself right after a group's insert, before its LANDED, through the
 * test-only fault hook). Both tables and the view's target must end equal to the input row by row, every invalid
 * record dead-lettered exactly once, and the inserts must really span lanes (lanes per INSERT from /metrics).
 * Size: {@code -Dchute.grouped.it.events} (default 40,000).
 */
class GroupedInsertsIT {
    private static final int PARTITIONS = 64;
    private static final int EVENTS = Integer.getInteger("chute.grouped.it.events", 40_000);
    private static final int KILLS = 4;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Per instance: groups landed and their lanes, last scraped. */
    private final Map<String, double[]> groups = new ConcurrentHashMap<>();

    @Test
    void shouldLandEveryRowOnceInBothTablesAndTheViewTargetWhenInstancesAreKilledInTurns() throws Exception {
        long start = System.nanoTime();
        try (Harness h = new Harness(PARTITIONS)) {
            createTables(h);
            h.produce(0, EVENTS / 2);
            Path dir = Path.of("target", "grouped-it", h.name);
            Properties config = h.config(h.name);
            config.setProperty("route.a.table", "events");
            config.setProperty("route.b.table", "events_b");
            config.setProperty("insert.scope", "thread");
            config.setProperty("block.linger.ms", "500");
            Properties faulty = (Properties) config.clone();
            faulty.setProperty("test.faults", "crash-after-insert=0.05");
            Map<String, Integer> ports = new ConcurrentHashMap<>();
            List<ChuteProcess> all = new ArrayList<>();
            Thread scraper = new Thread(() -> scrapeUntilInterrupted(ports), "scraper");
            scraper.setDaemon(true);
            scraper.start();
            try {
                AtomicReference<RuntimeException> produceFailure = new AtomicReference<>();
                Thread producer = new Thread(() -> {
                    try {
                        h.produce(EVENTS / 2, EVENTS);
                    } catch (RuntimeException e) {
                        produceFailure.set(e);
                    }
                }, "producer");
                producer.start();
                killInTurns(h, all, ports, new Properties[] {config, faulty}, dir);
                producer.join();
                if (produceFailure.get() != null) {
                    throw produceFailure.get(); // not a chute failure: the input is not what the test expects
                }
                // the faulty instance may have halted itself: a healthy one finishes the work
                all.add(ChuteProcess.start(config, dir, "final"));
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
            } finally {
                scraper.interrupt();
                for (ChuteProcess p : all) {
                    p.close();
                }
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

    /** Kills the two instances in turns, each once enough rows landed since the last kill, and restarts it. */
    private static void killInTurns(Harness h, List<ChuteProcess> all, Map<String, Integer> ports,
                                    Properties[] configs, Path dir) throws Exception {
        ChuteProcess[] live = {start(all, ports, configs[0], dir, "a0"), start(all, ports, configs[1], dir, "b0")};
        String[] names = {"a0", "b0"};
        for (int kill = 1; kill <= KILLS; kill++) {
            long before = h.clickHouseCount("events");
            Harness.await("rows land before kill " + kill, Duration.ofSeconds(90),
                    () -> h.clickHouseCount("events") > before + EVENTS / (2L * KILLS)
                            || h.clickHouseCount("events") >= h.expected.size());
            int victim = kill % 2;
            live[victim].kill9();
            ports.remove(names[victim]);
            System.out.printf("GroupedInsertsIT: kill %d, %d of %d rows in events%n", kill,
                    h.clickHouseCount("events"), h.expected.size());
            names[victim] = (victim == 0 ? "a" : "b") + kill;
            live[victim] = start(all, ports, configs[victim], dir, names[victim]);
        }
    }

    /** {@code events}, {@code events_b}, and {@code mv_b} from {@code events_b} to {@code events_b_copy}. */
    private static void createTables(Harness h) {
        h.createTableLikeEvents("events_b");
        h.createTableLikeEvents("events_b_copy");
        h.clickHouse.queryAll("CREATE MATERIALIZED VIEW " + h.database + ".mv_b TO " + h.database
                + ".events_b_copy AS SELECT * FROM " + h.database + ".events_b");
    }

    private static ChuteProcess start(List<ChuteProcess> all, Map<String, Integer> ports, Properties config,
                                      Path dir, String name) throws Exception {
        Properties own = new Properties();
        own.putAll(config);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        own.setProperty("metrics.port", Integer.toString(port));
        ChuteProcess p = ChuteProcess.start(own, dir, name);
        all.add(p);
        ports.put(name, port);
        return p;
    }

    private void scrapeUntilInterrupted(Map<String, Integer> ports) {
        while (!Thread.currentThread().isInterrupted()) {
            ports.forEach((name, port) -> {
                try {
                    String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/metrics")).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                    double[] g = groups.computeIfAbsent(name, n -> new double[2]);
                    for (String line : body.split("\n")) {
                        if (line.startsWith("chute_groups_inserted_total ")) {
                            g[0] = value(line);
                        } else if (line.startsWith("chute_group_lanes_total ")) {
                            g[1] = value(line);
                        }
                    }
                } catch (java.io.IOException e) {
                    // not up yet, or killed
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static double value(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
}
