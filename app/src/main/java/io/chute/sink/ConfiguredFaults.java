package io.chute.sink;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.chute.block.Block;
import io.chute.block.BlockId;
import io.chute.retry.Time;

/**
 * Fault hooks from the test-only {@code test.faults} setting, for the crash and zombie tests that run chute as a
 * real process. Comma-separated {@code name=value} entries:
 * <ul>
 *   <li>{@code crash-after-insert=P}: after an insert returned, before the ledger's LANDED, halt the JVM
 *       (as {@code kill -9} would) with probability P;</li>
 *   <li>{@code crash-before-insert=P}: after the ledger's INTENT, before the insert, halt with probability P;</li>
 *   <li>{@code stall-while-file=PATH}: before each insert, wait while PATH exists (the test controls the stall).</li>
 * </ul>
 */
public final class ConfiguredFaults implements InsertFaults {
    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredFaults.class);
    private double crashAfterInsert;
    private double crashBeforeInsert;
    private Path stallFile;

    private ConfiguredFaults() {
    }

    public static InsertFaults parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return NONE;
        }
        ConfiguredFaults faults = new ConfiguredFaults();
        for (String entry : spec.split(",")) {
            String[] kv = entry.trim().split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("test.faults entry must be name=value: " + entry);
            }
            switch (kv[0].trim()) {
                case "crash-after-insert" -> faults.crashAfterInsert = probability(entry, kv[1]);
                case "crash-before-insert" -> faults.crashBeforeInsert = probability(entry, kv[1]);
                case "stall-while-file" -> faults.stallFile = Path.of(kv[1].trim());
                default -> throw new IllegalArgumentException("unknown test.faults entry: " + kv[0]);
            }
        }
        LOG.warn("TEST FAULTS ENABLED: {}", spec);
        return faults;
    }

    private static double probability(String entry, String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("test.faults entry " + entry.trim() + ": not a probability");
        }
    }

    @Override
    public void beforeInsert(Block block, int attempt) throws Exception {
        if (attempt == 1 && block.path().isEmpty() && roll(crashBeforeInsert)) {
            halt("before insert of " + block.token());
        }
        while (stallFile != null && Files.exists(stallFile)) {
            Time.SYSTEM.sleep(50);
        }
    }

    @Override
    public void beforeLanded(BlockId id) {
        if (roll(crashAfterInsert)) {
            halt("after insert of " + id.token() + ", before LANDED");
        }
    }

    private static boolean roll(double probability) {
        return probability > 0 && ThreadLocalRandom.current().nextDouble() < probability;
    }

    private static void halt(String where) {
        System.err.println("test fault: halting " + where);
        System.err.flush();
        Runtime.getRuntime().halt(137);
    }
}
