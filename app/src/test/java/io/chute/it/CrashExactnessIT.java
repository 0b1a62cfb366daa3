package io.chute.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Exactness under crash: chute runs as a separate JVM and is killed with SIGKILL at random moments (and halts
 * itself right after an insert returned, before the ledger's LANDED, through the test-only fault hook); after
 * each kill it is restarted. At the end ClickHouse must hold exactly the valid input, row by row, and the DLQ the
 * invalid input. Size: {@code -Dchute.crash.events} (default 150,000; the 1M run:
 * {@code -Dchute.crash.events=1000000}).
 */
class CrashExactnessIT {
    private static final int EVENTS = Integer.getInteger("chute.crash.events", 150_000);
    private static final int KILLS = Integer.getInteger("chute.crash.kills", 10);

    @ParameterizedTest
    @ValueSource(strings = {"exactly_once_v2", "at_least_once"})
    void shouldHoldExactlyTheValidInputWhenKilledRepeatedly(String guarantee) throws Exception {
        try (Harness h = new Harness(4)) {
            h.produce(0, EVENTS);
            Path dir = Path.of("target", "crash-it", h.name);
            Properties config = h.config(h.name);
            config.setProperty("processing.guarantee", guarantee);
            config.setProperty("block.max.rows", "5000");
            Properties faulty = (Properties) config.clone();
            faulty.setProperty("test.faults", "crash-after-insert=0.03");
            Random random = new Random(guarantee.hashCode());
            int kills = 0;
            int run = 0;
            while (kills < KILLS && !done(h)) {
                long before = h.clickHouseCount();
                // Spread the kills over the whole stream: each run is killed once it has landed a random part of
                // an even share of what is left, then after a random further delay.
                long evenShare = (h.expected.size() - before) / (KILLS - kills + 1);
                long target = before + 1 + (long) (random.nextDouble() * evenShare);
                ChuteProcess chute = ChuteProcess.start(run % 2 == 0 ? config : faulty, dir, "run-" + run++);
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (chute.isAlive() && h.clickHouseCount() < target && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                Thread.sleep(random.nextInt(500));
                if (chute.isAlive()) {
                    chute.kill9();
                }
                kills++;
                System.out.printf("%s: kill %d, %d of %d rows landed%n", guarantee, kills, h.clickHouseCount(),
                        h.expected.size());
            }
            try (ChuteProcess last = ChuteProcess.start(config, dir, "final")) {
                Harness.await("all rows after " + kills + " kills", Duration.ofMinutes(6), () -> done(h));
                Thread.sleep(2000);
            }
            assertTrue(kills >= Math.min(KILLS, 1), "killed " + kills);
            assertEquals(List.of(), h.differences());
            List<String> letters = h.deadLetters();
            assertEquals(h.invalid, new HashSet<>(letters).size(), "every invalid record dead-lettered");
            if (guarantee.equals("exactly_once_v2")) {
                assertEquals(h.invalid, letters.size(), "no dead letter twice under exactly_once_v2");
            }
        }
    }

    private static boolean done(Harness h) {
        return h.clickHouseCount() >= h.expected.size() && new HashSet<>(h.deadLetters()).size() >= h.invalid;
    }
}
