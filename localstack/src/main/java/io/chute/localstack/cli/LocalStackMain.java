package io.chute.localstack.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import io.chute.localstack.LocalStack;

/**
 * {@code chute-localstack [start] [--work-dir DIR] [--no-clickhouse]}: runs the local stack in the foreground,
 * prints its endpoints and stops it on Ctrl-C / SIGTERM. Exit code 1 if the stack cannot start.
 */
@Command(name = "chute-localstack", mixinStandardHelpOptions = true,
        description = "Runs chute's local stack (Kafka, schema registry, ClickHouse) until Ctrl-C.",
        subcommands = LocalStackMain.Start.class)
public final class LocalStackMain implements Callable<Integer> {
    @CommandLine.Mixin
    StartOptions options = new StartOptions();

    public static void main(String[] args) {
        // logback's default is DEBUG on the console; the stack's own config keeps the CLI's output readable.
        System.setProperty("logback.configurationFile", "io/chute/localstack/logback-child.xml");
        System.exit(new CommandLine(new LocalStackMain()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        return options.run(new PrintWriter(System.out, true));
    }

    /** {@code start}: the default command, spelled out. */
    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start the stack (default).")
    static final class Start implements Callable<Integer> {
        @CommandLine.Mixin
        StartOptions options = new StartOptions();

        @Override
        public Integer call() throws InterruptedException {
            return options.run(new PrintWriter(System.out, true));
        }
    }

    static final class StartOptions {
        @Option(names = "--work-dir", description = "Where the services keep logs and data (default: ${DEFAULT-VALUE}).",
                defaultValue = ".chute/stack")
        Path workDir;

        @Option(names = "--no-clickhouse", description = "Start Kafka and the registry only.")
        boolean noClickHouse;

        int run(PrintWriter out) throws InterruptedException {
            out.println("starting chute local stack under " + workDir.toAbsolutePath() + " ...");
            LocalStack stack = LocalStack.start(workDir.toAbsolutePath(),
                    LocalStack.Options.defaults().withClickHouse(!noClickHouse));
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                out.println("stopping chute local stack ...");
                stack.close();
                stopped.countDown();
            }, "chute-stack-stop"));
            out.println("kafka bootstrap servers: " + stack.bootstrapServers());
            out.println("schema registry url:     " + stack.registryUrl());
            out.println("clickhouse url:          " + (stack.hasClickHouse() ? stack.clickHouseUrl() : "(disabled)"));
            out.println(String.format(Locale.ROOT, "chute local stack ready in %.1f s (Ctrl-C to stop)",
                    stack.startupTime().toMillis() / 1000.0));
            stopped.await();
            return 0;
        }
    }
}
