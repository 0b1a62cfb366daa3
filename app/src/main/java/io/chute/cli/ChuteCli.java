package io.chute.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;

import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import io.chute.app.ChuteApp;
import io.chute.app.GracefulShutdown;
import io.chute.app.StartupException;
import io.chute.config.ChuteConfig;
import io.chute.config.InvalidConfigException;
import io.chute.ops.OpsException;
import io.chute.sink.FatalSinkException;

/**
 * The {@code chute} command. Exit codes: 0 success, 1 runtime failure, 2 bad usage or configuration. Results go to
 * stdout, logs (logback.xml) and errors to stderr; expected failures are one line, never a stack trace.
 */
@Command(name = "chute", mixinStandardHelpOptions = true, version = "chute 0.1.0",
        description = "Kafka -> ClickHouse, effectively once.",
        subcommands = {ChuteCli.Run.class, ConfigCommand.class, ReplayCommand.class, SchemasCommand.class,
            TablesCommand.class, DlqCommand.class, MigrateCommand.class, LedgerCommand.class,
            CommandLine.HelpCommand.class})
public final class ChuteCli implements Callable<Integer> {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new ChuteCli());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("chute: " + oneLine(e));
            if (exitCode(e) == 1 && !expected(e)) {
                e.printStackTrace(cmd.getErr()); // a bug: the trace is what a report needs
            }
            return exitCode(e);
        });
        return cli.execute(args);
    }

    /** 2 for bad configuration or arguments (files that do not exist included), 1 otherwise. */
    static int exitCode(Throwable e) {
        return e instanceof ConfigException || e instanceof NoSuchFileException || e instanceof AccessDeniedException
                ? 2 : 1;
    }

    private static boolean expected(Throwable e) {
        return e instanceof OpsException || e instanceof StartupException || e instanceof FatalSinkException;
    }

    private static String oneLine(Throwable e) {
        if (e instanceof InvalidConfigException invalid) {
            return invalid.report();
        }
        if (e instanceof ConfigException) {
            return "invalid configuration: " + e.getMessage();
        }
        if (e instanceof NoSuchFileException) {
            return "no such file: " + e.getMessage();
        }
        if (e instanceof AccessDeniedException) {
            return "cannot read " + e.getMessage() + ": permission denied";
        }
        if (e instanceof StartupException) {
            return "cannot start: " + e.getMessage();
        }
        return expected(e) ? e.getMessage() : e.toString();
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.err);
        return 2;
    }

    /** Runs the pipeline until stopped (SIGTERM/Ctrl-C: clean shutdown, pending blocks land first). */
    @Command(name = "run", mixinStandardHelpOptions = true, description = {"Run the chute pipeline.",
        "Waits for ClickHouse and the schema registry at start (/health/ready says why meanwhile); exits 1 only on "
            + "what waiting cannot fix (credentials refused, database or table missing) or a metrics.port in use."})
    static final class Run implements Callable<Integer> {
        @Mixin
        ConfigFile config;

        @Override
        public Integer call() throws Exception {
            ChuteConfig cfg = config.load();
            ChuteApp app = new ChuteApp(cfg);
            Runtime.getRuntime().addShutdownHook(new Thread(app::close, "chute-shutdown"));
            GracefulShutdown signals = GracefulShutdown.install(app);
            app.start();
            return signals.exitCode(app.awaitTermination());
        }
    }
}
