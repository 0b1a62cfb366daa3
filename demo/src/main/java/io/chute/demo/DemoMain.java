package io.chute.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import io.chute.localstack.LocalStack;

/**
 * {@code chute-demo [--events N] [--keep-running] [--work-dir DIR]}: the whole pipeline on a fresh local stack
 * (see {@link Demo}). Exit status 0 when ClickHouse holds exactly the valid events and the dead-letter topic exactly
 * the invalid ones, 1 otherwise, 2 on bad usage.
 */
@Command(name = "chute-demo", mixinStandardHelpOptions = true,
        description = "Runs chute's whole pipeline on a fresh local Kafka, schema registry and ClickHouse.")
public final class DemoMain implements Callable<Integer> {
    static {
        // This module's log configuration by its own name, before any logger exists: the app's logback.xml is on
        // the classpath too, and two logback.xml make logback print its whole status (~30 lines) first.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-demo.xml");
        }
    }

    /** The stack's own subdirectories, wiped before each run so that every run starts empty. */
    private static final String[] STACK_DIRS = {"kafka", "registry", "clickhouse", "streams-state"};

    @Option(names = "--events", defaultValue = "200000", description = "Events to send (default: ${DEFAULT-VALUE}), "
            + "about 1% of them invalid.")
    int events;

    @Option(names = "--keep-running", description = "After the summary, keep the stack and chute running until "
            + "Ctrl-C (prints the endpoints).")
    boolean keepRunning;

    @Option(names = "--work-dir", defaultValue = ".chute/demo", description = "Logs and data of the run "
            + "(default: ${DEFAULT-VALUE}); its kafka/, registry/, clickhouse/ are wiped first.")
    Path workDir;

    private final PrintStream out = System.out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new DemoMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path dir = workDir.toAbsolutePath();
        Files.createDirectories(dir);
        // before the first logger exists: everything goes to the file, only errors to the console
        System.setProperty("chute.demo.log", dir.resolve("demo.log").toString());
        // held until the JVM exits: a second demo on this dir must not wipe a running one's data
        FileChannel lockFile = FileChannel.open(dir.resolve("demo.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        if (lockFile.tryLock() == null) {
            lockFile.close();
            out.println("another demo is running in " + dir + " (stop it, or pass another --work-dir)");
            return 1;
        }
        wipeStackDirs(dir);
        out.println("starting the local stack (Kafka, schema registry, ClickHouse) under " + dir + " ...");
        LocalStack stack = LocalStack.start(dir);
        out.printf(Locale.ROOT, "local stack ready in %.1f s: kafka %s, registry %s, clickhouse %s%n",
                stack.startupTime().toMillis() / 1000.0, stack.bootstrapServers(), stack.registryUrl(),
                stack.clickHouseUrl());
        // No shutdown hook of our own: on Ctrl-C the stack's children stop through theirs, and chute needs no
        // clean stop (a kill at any point lands nothing twice); closing it then would only wait for a dead broker.
        try (Demo demo = new Demo(stack, DemoSettings.defaults(events, dir), out)) {
            DemoResult result = demo.run();
            if (keepRunning) {
                out.printf("%nstill running (Ctrl-C stops everything). Query the table: curl '%s/?database=%s' "
                        + "--data-binary 'SELECT event_type, count() FROM events GROUP BY event_type'%n",
                        stack.clickHouseUrl(), "chute_demo");
                new CountDownLatch(1).await();
            }
            out.println("stopping chute and the local stack ...");
            return result.exitCode();
        } finally {
            stack.close();
        }
    }

    private static void wipeStackDirs(Path dir) throws IOException {
        for (String name : STACK_DIRS) {
            Path sub = dir.resolve(name);
            if (Files.exists(sub)) {
                try (Stream<Path> files = Files.walk(sub)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        }
    }
}
