package io.chute.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * CrashExactnessIT's kill schedule as a reusable step: chute runs as a separate JVM, every other run with the
 * after-insert-before-LANDED halt hook armed, and each run is killed with SIGKILL once it landed a random part of
 * an even share of what is left (then after a random further delay); finally one clean run lands the rest.
 */
final class CrashSchedule {
    private CrashSchedule() {
    }

    /**
     * @param landed   rows landed so far in the table the schedule watches
     * @param expected rows that table must end with
     * @param done     true once everything (rows, dead letters) is there
     * @return the number of kills
     */
    static int run(Properties config, Path dir, int kills, long seed, LongSupplier landed, long expected,
                   BooleanSupplier done) throws Exception {
        Properties faulty = (Properties) config.clone();
        faulty.setProperty("test.faults", "crash-after-insert=0.05");
        Random random = new Random(seed);
        int killed = 0;
        int run = 0;
        while (killed < kills && !done.getAsBoolean()) {
            long before = landed.getAsLong();
            long evenShare = (expected - before) / (kills - killed + 1);
            long target = before + 1 + (long) (random.nextDouble() * evenShare);
            ChuteProcess chute = ChuteProcess.start(run % 2 == 0 ? config : faulty, dir, "run-" + run++);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (chute.isAlive() && landed.getAsLong() < target && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(random.nextInt(500));
            if (chute.isAlive()) {
                chute.kill9();
            }
            killed++;
            System.out.printf("kill %d: %d of %d rows landed%n", killed, landed.getAsLong(), expected);
        }
        try (ChuteProcess last = ChuteProcess.start(config, dir, "final")) {
            Harness.await("all rows after " + killed + " kills", Duration.ofMinutes(3), done);
            Thread.sleep(1500);
        }
        return killed;
    }
}
