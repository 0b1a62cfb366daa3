package io.chute.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import io.chute.ops.DlqInspector;
import io.chute.ops.DlqRedriver;
import io.chute.ops.OffsetTarget;

/** {@code chute dlq inspect|redrive} over the configured {@code dlq.topic}. */
@Command(name = "dlq", mixinStandardHelpOptions = true, description = "Dead-letter topic tools.",
        subcommands = {DlqCommand.Inspect.class, DlqCommand.Redrive.class})
final class DlqCommand extends CommandGroup {

    @Command(name = "inspect", mixinStandardHelpOptions = true,
            description = "Count dead letters by chute.dlq.reason and show samples with their headers decoded.")
    static final class Inspect implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ConfigFile config;

        @Option(names = "--limit", defaultValue = "5", paramLabel = "N",
                description = "Samples to show (default ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() throws Exception {
            String report = new DlqInspector(config.load()).inspect(Math.max(0, limit));
            spec.commandLine().getOut().print(report);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "redrive", mixinStandardHelpOptions = true,
            description = {"Re-publish dead letters to their original topic, at most once each (progress in "
                + "group <application.id>-dlq-redrive, committed with the records).",
                "Letters the filters pass over are not offered again."})
    static final class Redrive implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ConfigFile config;

        @Option(names = "--reason", paramLabel = "R", description = "Only letters with this chute.dlq.reason.")
        String reason;

        @Option(names = "--since", paramLabel = "T",
                description = "Only letters dead-lettered at or after T (ISO-8601, e.g. 2025-06-01T00:00:00Z).")
        String since;

        @Override
        public Integer call() throws Exception {
            Long sinceMillis;
            try {
                sinceMillis = since == null ? null : OffsetTarget.datetime(since).timestamp();
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            DlqRedriver.Result r = new DlqRedriver(config.load()).redrive(reason, sinceMillis);
            spec.commandLine().getOut().printf("scanned %,d new dead letters: redriven %,d %s, passed over %,d "
                    + "(filtered out or without origin)%n", r.scanned(), r.redriven(), r.byTopic(), r.passedOver());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
