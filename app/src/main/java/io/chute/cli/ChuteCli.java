package io.chute.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.apache.kafka.common.config.ConfigException;

import io.chute.app.ChuteApp;
import io.chute.app.GracefulShutdown;
import io.chute.config.ChuteConfig;
import io.chute.ops.OpsException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code chute} command. Exit codes: 0 success, 1 runtime failure, 2 bad usage or configuration. */
@Command(name = "chute", mixinStandardHelpOptions = true, version = "chute 0.1.0",
        description = "Kafka -> ClickHouse, effectively once.",
        subcommands = {ChuteCli.Run.class, ReplayCommand.class, SchemasCommand.class, TablesCommand.class, DlqCommand.class, MigrateCommand.class, CommandLine.HelpCommand.class})
public final class ChuteCli implements Callable<Integer> {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new ChuteCli());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException) {
                cmd.getErr().println("chute: invalid configuration: " + e.getMessage());
                return 2;
            }
            if (e instanceof OpsException) {
                cmd.getErr().println("chute: " + e.getMessage());
                return 1;
            }
            cmd.getErr().println("chute: " + e);
            e.printStackTrace(cmd.getErr());
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 2;
    }

    /** Runs the pipeline until stopped (SIGTERM/Ctrl-C: clean shutdown, pending blocks land first). */
    @Command(name = "run", description = "Run the chute pipeline.")
    static final class Run implements Callable<Integer> {
        @Option(names = {"-c", "--config"}, required = true, description = "Properties file; CHUTE_* environment "
                + "variables and -Dchute.* override it.")
        Path config;

        @Override
        public Integer call() throws Exception {
            ChuteConfig cfg = ConfigLoader.fromProcess(config);
            ChuteApp app = new ChuteApp(cfg);
            Runtime.getRuntime().addShutdownHook(new Thread(app::close, "chute-shutdown"));
            GracefulShutdown signals = GracefulShutdown.install(app);
            app.start();
            return signals.exitCode(app.awaitTermination());
        }
    }
}
