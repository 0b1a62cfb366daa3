package io.chute.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import io.chute.config.ChuteConfig;
import io.chute.localstack.LocalStack;

/**
 * The benchmark command: starts a fresh local stack, pre-produces N events, runs chute (in this JVM, default
 * settings), then ClickHouse's own Kafka engine over the same topic, then the floors (a counting-only Kafka Streams
 * app over the topic, plain inserts of the landed rows), and prints a table of figures. It asserts
 * nothing about speed; it fails (exit 1) only when chute does not land all N rows.
 */
@Command(name = "chute-bench", mixinStandardHelpOptions = true,
        description = "chute vs ClickHouse's Kafka engine on the local stack. Run with -Xmx512m.")
public final class BenchMain implements Callable<Integer> {
    static {
        // This module's log configuration by its own name, before any logger exists: the app's logback.xml is on
        // the classpath too, and two logback.xml make logback print its whole status (~30 lines) first.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-bench.xml");
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(BenchMain.class);

    @Option(names = "--events", defaultValue = "2000000", description = "Events to pre-produce (default ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--partitions", defaultValue = "4", description = "Source topic partitions (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--tables", defaultValue = "1", description = "Target tables; above 1, one route per table "
            + "takes every record (fan-out), and the Kafka engine is skipped (default ${DEFAULT-VALUE}).")
    int tables;

    @Option(names = "--scale", description = "Instead of the comparison: chute alone at each of --scale-partitions "
            + "x --scale-tables (--events per point, live phase included), one line per point.")
    boolean scale;

    @Option(names = "--scale-partitions", split = ",", defaultValue = "4,64,256",
            description = "Partition counts of --scale (default ${DEFAULT-VALUE}).")
    java.util.List<Integer> scalePartitions;

    @Option(names = "--scale-tables", split = ",", defaultValue = "1,3",
            description = "Table counts of --scale (default ${DEFAULT-VALUE}).")
    java.util.List<Integer> scaleTables;

    @Option(names = "--scale-warmup-events", defaultValue = "300000", description = "--scale first runs chute "
            + "over this many events at each partition count and the most tables, unreported, then waits for the JIT "
            + "to settle, so no point runs on colder (less compiled) code than the others; 0: none "
            + "(default ${DEFAULT-VALUE}).")
    long scaleWarmupEvents;

    @Option(names = "--scale-full-gc-seconds", defaultValue = "5", description = "--scale forces a full GC this "
            + "often during the backlog and live phase, to measure the heap chute holds (its pauses cost a little "
            + "throughput); 0: never (default ${DEFAULT-VALUE}).")
    long scaleFullGcSeconds;

    @Option(names = "--kafka-consumers", defaultValue = "0",
            description = "kafka_num_consumers of the Kafka engine; 0: min(4, cores).")
    int kafkaConsumers;

    @Option(names = "--skip-kafka-engine", description = "Measure chute only.")
    boolean skipKafkaEngine;

    @Option(names = "--skip-floors", description = "Do not measure the floors (a counting-only Kafka Streams app, "
            + "and plain client-v2 inserts of the landed rows into an empty copy of the table).")
    boolean skipFloors;

    @Option(names = "--live-events", defaultValue = "50000",
            description = "After the backlog, events produced at --live-rate to measure fresh end-to-end latency "
                    + "(0: no live phase; default ${DEFAULT-VALUE}).")
    long liveEvents;

    @Option(names = "--live-rate", defaultValue = "10000", description = "Events/s of the live phase (default ${DEFAULT-VALUE}).")
    int liveRate;

    @Option(names = "--timeout-minutes", defaultValue = "20", description = "Per phase (default ${DEFAULT-VALUE}).")
    long timeoutMinutes;

    @Option(names = "--chute", paramLabel = "KEY=VALUE", description = "A chute setting instead of its default "
            + "(repeatable), e.g. --chute commit.interval.ms=5000. Default: none, chute runs with its defaults.")
    Map<String, String> chuteOverrides = new LinkedHashMap<>();

    @Option(names = "--work-dir", description = "Fresh (absent or empty) directory for the stack; default: a temp "
            + "directory, deleted afterwards.")
    Path workDir;

    private ChuteRun.Result chute;
    private java.util.List<ScaleSeries.Point> scalePoints;
    private String scaleWarmUpNote = "";
    private KafkaEngineRun.Result engine;
    private StreamsFloorRun.Result streamsFloor;
    private InsertFloorRun.Result insertFloor;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path dir = workDir == null ? Files.createTempDirectory("chute-bench-") : requireFresh(workDir);
        Duration timeout = Duration.ofMinutes(timeoutMinutes);
        try (LocalStack stack = LocalStack.start(dir)) {
            LOG.info("stack up in {} ms; producing {} events", stack.startupTime().toMillis(), events);
            if (scale) {
                ScaleSeries series = new ScaleSeries(stack, events, chuteOverrides,
                        new ChuteRun.Live(liveEvents, liveRate),
                        new ChuteRun.Probes(true, true, Duration.ofSeconds(scaleFullGcSeconds)), scaleWarmupEvents,
                        skipFloors ? null : dir);
                scalePoints = series.run(scalePartitions, scaleTables, timeout);
                scaleWarmUpNote = series.warmUpNote();
                if (!scaleWarmUpNote.isEmpty()) {
                    System.out.printf(Locale.ROOT, "%n%s%n", scaleWarmUpNote);
                }
                ScaleSeries.print(System.out, scalePoints, events, Bench.clickHouseStorage(stack));
                return 0;
            }
            Bench.Setup setup = Bench.prepare(stack, events, partitions, tables);
            LOG.info("produced {} events in {} ms; running chute", events, setup.loaded().elapsed().toMillis());
            chute = new ChuteRun(setup, chuteOverrides).run(timeout, new ChuteRun.Live(liveEvents, liveRate));
            LOG.info("chute landed {} rows{}", chute.clickHouseRows(),
                    skipKafkaEngine ? "" : "; running ClickHouse's Kafka engine");
            engine = skipKafkaEngine || tables > 1 ? skipped() : new KafkaEngineRun(setup).run(events + liveEvents, consumers(),
                    timeout);
            runFloors(setup, dir, timeout);
            new BenchReport(System.out).print(setup, chute, engine);
            new FloorReport(System.out).print(streamsFloor, insertFloor);
            return chute.clickHouseRows() == (events + liveEvents) * tables ? 0 : 1;
        } finally {
            if (workDir == null) {
                deleteTree(dir);
            }
        }
    }

    /** The points of the last {@code --scale} run (null before or without --scale). */
    java.util.List<ScaleSeries.Point> scalePoints() {
        return scalePoints;
    }

    /** What the --scale warm-up did; empty without one. */
    String scaleWarmUpNote() {
        return scaleWarmUpNote;
    }

    /** chute's figures of the last run (null before or if chute failed). */
    ChuteRun.Result chuteResult() {
        return chute;
    }

    /** The floors' figures of the last run (null before, if skipped or if chute failed). */
    StreamsFloorRun.Result streamsFloorResult() {
        return streamsFloor;
    }

    /** See {@link #streamsFloorResult()}. */
    InsertFloorRun.Result insertFloorResult() {
        return insertFloor;
    }

    /** The floors, at the chute run's settings, over the same topic and the rows chute landed. */
    private void runFloors(Bench.Setup setup, Path dir, Duration timeout) throws InterruptedException {
        if (skipFloors) {
            return;
        }
        ChuteConfig config = new ChuteConfig(ChuteRun.settings(setup, chuteOverrides));
        LOG.info("measuring the Kafka Streams floor");
        streamsFloor = new StreamsFloorRun(setup, config).run(events + liveEvents, timeout);
        LOG.info("measuring the ClickHouse insert floor");
        insertFloor = new InsertFloorRun(setup, config, dir).run(timeout);
    }

    /** The Kafka engine's figures of the last run (null before or if chute failed). */
    KafkaEngineRun.Result engineResult() {
        return engine;
    }

    private int consumers() {
        return kafkaConsumers > 0 ? kafkaConsumers
                : Math.min(Math.min(4, partitions), Runtime.getRuntime().availableProcessors());
    }

    private static KafkaEngineRun.Result skipped() {
        return new KafkaEngineRun.Result(0, 0, Duration.ZERO, Duration.ZERO, null, "skipped (--skip-kafka-engine)");
    }

    private static Path requireFresh(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new CommandLine.ParameterException(new CommandLine(new BenchMain()),
                            "--work-dir " + dir + " is not empty; the benchmark needs a fresh stack");
                }
            }
        }
        return Files.createDirectories(dir).toAbsolutePath();
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", dir, e.toString());
        }
    }
}
