package io.chute.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.chute.app.ChuteApp;
import io.chute.config.ChuteConfig;

/**
 * An INTENT block older than {@code dedup.window.min.seconds} (here 0 s, so any interrupted block is stale) is not
 * re-inserted blindly: with Kafka position columns only the rows the table lacks are inserted, without them chute
 * refuses until {@code chute ledger resolve} settles the block.
 */
class StaleIntentIT {

    /** Lands the first block, then halts before its LANDED (as kill -9 would): leaves an INTENT behind. */
    private static void interruptFirstBlock(Harness h, Path dir) throws Exception {
        Properties faulty = config(h, "3600");
        faulty.setProperty("test.faults", "crash-after-insert=1.0");
        faulty.setProperty("block.linger.ms", "10000"); // a full first block (1000 rows), not what the first poll got
        faulty.setProperty("commit.interval.ms", "10000");
        ChuteProcess chute = ChuteProcess.start(faulty, dir, "interrupted");
        Harness.await("the halt after the first insert", Duration.ofSeconds(60), () -> !chute.isAlive());
        assertTrue(Files.readString(chute.log).contains("halting after insert"), "halted by the fault hook");
        assertEquals(1000, h.clickHouseCount(), "the first block (1000 rows) landed before the halt");
    }

    private static Properties config(Harness h, String boundSeconds) {
        Properties p = h.config(h.name);
        p.setProperty("processing.guarantee", "at_least_once");
        p.setProperty("block.max.rows", "1000");
        p.setProperty("dedup.window.min.seconds", boundSeconds);
        p.setProperty("streams.consumer.session.timeout.ms", "6000"); // the halted member leaves the group sooner
        return p;
    }

    private static void landAll(Harness h, Properties config) throws Exception {
        try (ChuteApp app = new ChuteApp(ChuteConfig.fromProperties(config))) {
            app.start();
            Harness.await("all rows", Duration.ofSeconds(60), () -> h.clickHouseCount() >= h.expected.size());
            Thread.sleep(1000);
        }
    }

    @Test
    void shouldInsertOnlyTheMissingRowsWhenAStaleBlocksTableHasPositionColumns(@TempDir Path dir) throws Exception {
        try (Harness h = new Harness(1)) {
            h.clickHouse.queryAll("ALTER TABLE " + h.database + ".events ADD COLUMN _topic String DEFAULT '', "
                    + "ADD COLUMN _partition Int32 DEFAULT -1, ADD COLUMN _offset Int64 DEFAULT -1");
            h.produce(0, 3_000);
            interruptFirstBlock(h, dir);
            long before = h.clickHouseCount();
            // Half of the block is gone: a blind re-insert under its token would be dropped (ClickHouse still
            // remembers it here) and leave them missing; only the position columns tell which rows to send.
            h.clickHouse.queryAll("ALTER TABLE " + h.database + ".events DELETE WHERE _offset % 2 = 0"
                    + " SETTINGS mutations_sync = 2");
            assertTrue(h.clickHouseCount() < before, "rows deleted");
            landAll(h, config(h, "0"));
            assertEquals(List.of(), h.differences());
        }
    }

    @Test
    void shouldRefuseAndThenResolveWhenAStaleBlocksTableHasNoPositionColumns(@TempDir Path dir) throws Exception {
        try (Harness h = new Harness(1)) {
            h.produce(0, 3_000);
            interruptFirstBlock(h, dir);
            Properties stale = config(h, "0");
            ChuteProcess refused = ChuteProcess.start(stale, dir, "refused");
            Harness.await("the refusal", Duration.ofSeconds(60), () -> !refused.isAlive());
            String log = Files.readString(refused.log);
            assertTrue(log.contains("chute ledger resolve") && log.contains("--table events --topic " + h.topic
                    + " --partition 0"), "the refusal names the command");

            CliRun renew = CliRun.of("ledger", "resolve", "--config", CliRun.write(stale, dir).toString(),
                    "--table", "events", "--topic", h.topic, "--partition", "0", "--reinsert");
            assertEquals(0, renew.exit(), renew.err());
            assertTrue(renew.out().contains("renewed the INTENT"), renew.out());
            // the operator looked again: the rows are there after all
            CliRun resolve = CliRun.of("ledger", "resolve", "--config", CliRun.write(stale, dir).toString(),
                    "--table", "events", "--topic", h.topic, "--partition", "0", "--landed");
            assertEquals(0, resolve.exit(), resolve.err());
            assertTrue(resolve.out().contains("LANDED"), resolve.out());
            CliRun again = CliRun.of("ledger", "resolve", "--config", CliRun.write(stale, dir).toString(),
                    "--table", "events", "--topic", h.topic, "--partition", "0", "--landed");
            assertFalse(again.exit() == 0, "nothing left to resolve");

            landAll(h, stale);
            assertEquals(List.of(), h.differences());
        }
    }
}
