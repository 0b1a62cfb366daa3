package io.chute.topology;

import java.util.Map;
import java.util.concurrent.Executor;

import io.chute.block.BlockLimits;
import io.chute.block.InstanceLimits;
import io.chute.config.ChuteConfig;
import io.chute.dlq.SourceFetcher;
import io.chute.metrics.ChuteMetrics;
import io.chute.retry.Time;
import io.chute.routing.Router;
import io.chute.serde.SchemaSource;
import io.chute.sink.BlockInserter;
import io.chute.sink.InsertFaults;
import io.chute.state.IntentLedger;
import io.chute.state.LedgerEntry;
import io.chute.state.LedgerKey;
import io.chute.validation.ValidatorConfig;

/**
 * Everything {@link ChuteTopology#build} needs from outside: real clients in {@code main}, fakes in unit tests.
 * {@link TaskAssembly} builds each stream task's parts from it.
 *
 * @param rows    what turns a record into rows, shared by every task of the instance
 * @param inserts how blocks are formed and inserted, shared by every task of the instance
 * @param tasks   what each task creates for itself (its ledger) or reads at start (recovery)
 * @param time    the one clock and sleeper of the tasks (wall clock, registry waits)
 */
public record ChuteDeps(ChuteConfig config, Rows rows, Inserts inserts, Tasks tasks, ChuteMetrics metrics,
                        CommitBarrier barrier, Time time) {

    /**
     * @param tables target tables' columns (as DESCRIBE reported them at start, then as columns were added)
     */
    public record Rows(SchemaSource schemas, ValidatorConfig validatorConfig, Router router, TableSchemas tables) {
    }

    /**
     * @param instanceLimits memory budget and blocks per second per table, shared by every task of the instance
     * @param executor       the insert threads
     * @param faults         test-only fault hooks ({@link InsertFaults#NONE} in production)
     */
    public record Inserts(BlockLimits limits, InstanceLimits instanceLimits, BlockInserter inserter,
                          Executor executor, InsertFaults faults) {
    }

    /**
     * @param ledgers       opens one fenced ledger per stream task (ahead, for newly assigned partitions)
     * @param fetcher       reads source ranges for recovery and rejected rows
     * @param landedOffsets what a table holds of a source range (recovery of stale INTENT blocks, issue 11)
     */
    public record Tasks(LedgerOpener ledgers, SourceFetcher fetcher, LandedOffsets landedOffsets) {
    }

    /** Creates the intent ledger of one stream task (its fenced writer). */
    @FunctionalInterface
    public interface LedgerFactory {
        IntentLedger create(String taskId);
    }

    /** Reads the newest committed entry of every key of the whole ledger (every task's). */
    @FunctionalInterface
    public interface LedgerReads {
        Map<LedgerKey, LedgerEntry> readAll();
    }
}
