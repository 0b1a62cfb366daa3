package io.chute.topology;

import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

import io.chute.block.BlockLimits;
import io.chute.block.InstanceLimits;
import io.chute.config.ChuteConfig;
import io.chute.mapping.TableSchema;
import io.chute.metrics.ChuteMetrics;
import io.chute.routing.Router;
import io.chute.serde.SchemaSource;
import io.chute.sink.BlockInserter;
import io.chute.sink.InsertFaults;
import io.chute.state.IntentLedger;
import io.chute.validation.ValidatorConfig;

/**
 * Everything {@link ChuteTopology#build} needs from outside: real clients in {@code main}, fakes in unit tests.
 *
 * @param tables     target tables' columns (as DESCRIBE reported them at start, then as columns were added)
 * @param ledgers    one fenced ledger per stream task
 * @param fetcher    reads source ranges for recovery and rejected rows
 * @param instanceLimits memory budget and blocks per second per table, shared by every task of the instance
 * @param faults     test-only fault hooks ({@link InsertFaults#NONE} in production)
 * @param clock      wall clock in millis
 * @param landedOffsets what a table holds of a source range (recovery of stale INTENT blocks, issue 11)
 */
public record ChuteDeps(ChuteConfig config, SchemaSource schemas, ValidatorConfig validatorConfig, Router router,
                        TableSchemas tables, BlockLimits limits, InstanceLimits instanceLimits, BlockInserter inserter,
                        Executor insertExecutor, LedgerFactory ledgers, SourceFetcher fetcher, ChuteMetrics metrics,
                        CommitBarrier barrier, InsertFaults faults, LongSupplier clock, LandedOffsets landedOffsets) {

    /** Tables that never change ({@code schema.evolution} other than add-columns, tests). */
    public ChuteDeps(ChuteConfig config, SchemaSource schemas, ValidatorConfig validatorConfig, Router router,
                     Map<String, TableSchema> tables, BlockLimits limits, InstanceLimits instanceLimits,
                     BlockInserter inserter,
                     Executor insertExecutor, LedgerFactory ledgers, SourceFetcher fetcher, ChuteMetrics metrics,
                     CommitBarrier barrier, InsertFaults faults, LongSupplier clock) {
        this(config, schemas, validatorConfig, router, TableSchemas.fixed(tables), limits, instanceLimits, inserter,
                insertExecutor, ledgers, fetcher, metrics, barrier, faults, clock, LandedOffsets.NONE);
    }

    /** Creates the intent ledger of one stream task (its fenced writer). */
    @FunctionalInterface
    public interface LedgerFactory {
        IntentLedger create(String taskId);
    }
}
