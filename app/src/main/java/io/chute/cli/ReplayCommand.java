package io.chute.cli;

import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import io.chute.config.ChuteConfig;
import io.chute.ops.OffsetTarget;
import io.chute.ops.ReplayPlan;
import io.chute.ops.Replayer;

/**
 * {@code chute replay}: re-reads source records from an earlier position. Prints the plan first; exits 1 (doing
 * nothing) while instances of the application run.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Reset the application's committed offsets (all instances must be stopped).",
            "Rows already landed are skipped (ledger marks): no duplicates. --reingest --table T also rewinds T's "
                + "marks so its rows land again (after a TRUNCATE)."})
final class ReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigFile config;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Option(names = "--topic", description = "Only this source topic (default: all of source.topics).")
    String topic;

    @Option(names = "--reingest", description = "Also rewind the ledger marks of --table.")
    boolean reingest;

    @Option(names = "--table", description = "Table whose rows land again (with --reingest).")
    String table;

    @Option(names = "--dry-run", description = "Print the plan only.")
    boolean dryRun;

    static final class Target {
        @Option(names = "--to-earliest", required = true, description = "Rewind to the start of the log.")
        boolean earliest;

        @Option(names = "--to-datetime", required = true, paramLabel = "T",
                description = "Rewind to the first record at or after T (ISO-8601, e.g. 2025-06-01T00:00:00Z).")
        String datetime;

        @Option(names = "--to-offset", required = true, paramLabel = "P:O",
                description = "Move partition P to offset O (other partitions unchanged).")
        String offset;

        OffsetTarget toTarget() {
            if (datetime != null) {
                return OffsetTarget.datetime(datetime);
            }
            return offset != null ? OffsetTarget.offset(offset) : OffsetTarget.earliest();
        }
    }

    @Override
    public Integer call() throws Exception {
        if (reingest != (table != null)) {
            throw new ParameterException(spec.commandLine(), "--reingest and --table go together");
        }
        OffsetTarget offsetTarget;
        try {
            offsetTarget = target.toTarget();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        ChuteConfig cfg = config.load();
        try (Replayer replayer = new Replayer(cfg)) {
            List<String> members = replayer.activeMembers();
            if (!members.isEmpty() && !dryRun) {
                throw replayer.refusal(members);
            }
            ReplayPlan plan = replayer.plan(offsetTarget, topic, table);
            spec.commandLine().getOut().print(plan.explain());
            if (dryRun) {
                spec.commandLine().getOut().println(members.isEmpty() ? "dry run: nothing changed"
                        : "dry run: nothing changed (and the group has active members: a real run would refuse)");
                return 0;
            }
            replayer.execute(plan);
            spec.commandLine().getOut().println("done: offsets reset" + (reingest ? ", ledger marks of " + table
                    + " rewound" : "") + "; start chute to replay");
            return 0;
        }
    }
}
