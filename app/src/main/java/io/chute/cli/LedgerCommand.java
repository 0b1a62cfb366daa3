package io.chute.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import io.chute.config.ChuteConfig;
import io.chute.ops.IntentResolver;

/** {@code chute ledger resolve}: settle an interrupted block chute refused to re-insert blindly (issue 11). */
@Command(name = "ledger", mixinStandardHelpOptions = true, description = "Intent-ledger tools.",
        subcommands = LedgerCommand.Resolve.class)
final class LedgerCommand extends CommandGroup {

    @Command(name = "resolve", mixinStandardHelpOptions = true,
            description = {"Settle an interrupted block older than dedup.window.min.seconds in a table without "
                    + "Kafka position columns (chute refuses to start until then). Look at the table first.",
                "--landed: its rows are in the table, never insert them again; --reinsert: insert it again under "
                    + "its token at the next start (duplicates if its rows are there and ClickHouse forgot the token)."})
    static final class Resolve implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = {"-c", "--config"}, required = true, description = "chute properties file")
        Path config;

        @Option(names = "--table", required = true, description = "Target table of the block.")
        String table;

        @Option(names = "--topic", required = true, description = "Source topic of the block.")
        String topic;

        @Option(names = "--partition", required = true, description = "Source partition of the block.")
        int partition;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Decision decision;

        static final class Decision {
            @Option(names = "--landed", required = true, description = "Mark the block landed.")
            boolean landed;

            @Option(names = "--reinsert", required = true, description = "Re-insert the block at the next start.")
            boolean reinsert;
        }

        @Override
        public Integer call() throws Exception {
            ChuteConfig cfg = ConfigLoader.fromProcess(config);
            IntentResolver resolver = new IntentResolver(cfg);
            String done = decision.landed ? resolver.markLanded(table, topic, partition)
                    : resolver.reinsert(table, topic, partition);
            spec.commandLine().getOut().println(done);
            return 0;
        }
    }
}
