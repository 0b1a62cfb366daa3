package io.chute.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.clickhouse.client.api.Client;

import io.chute.app.ChuteApp;
import io.chute.config.ChuteConfig;
import io.chute.localstack.LocalStack;

/**
 * One demo run on a running {@link LocalStack}: prepares the table, topics and schemas, starts {@link ChuteApp}
 * in-process, sends the {@link DemoPlan} with two producers, prints progress once a second until every row and
 * dead letter is there (or nothing moves for the stall timeout), then prints the summary.
 *
 * <p>{@link #run} leaves the app running; {@link #close()} stops it. The caller owns the stack.
 */
public final class Demo implements AutoCloseable {
    private static final Duration SETTLE = Duration.ofSeconds(2);

    private final LocalStack stack;
    private final DemoSettings settings;
    private final PrintStream out;
    private ChuteApp app;
    private Client clickHouse;
    private DeadLetterWatcher deadLetters;

    public Demo(LocalStack stack, DemoSettings settings, PrintStream out) {
        this.stack = stack;
        this.settings = settings;
        this.out = out;
    }

    /** Runs the demo to its summary; see {@link DemoResult#exitCode()}. */
    public DemoResult run() throws Exception {
        DemoPlan plan = settings.plan();
        DemoPlan.Expected expected = plan.expected();
        DemoSetup.createTable(stack, settings.database());
        DemoSetup.createTopics(stack, settings);
        DemoSetup.SchemaIds ids = DemoSetup.registerSchemas(stack, settings);
        out.printf("created table %s.%s, topics %s (%d partitions) and %s; registered %s v1 (id %d), v2 (id %d)%n",
                settings.database(), DemoSettings.TABLE, settings.topic(), DemoSettings.PARTITIONS,
                settings.dlqTopic(), settings.subject(), ids.v1(), ids.v2());

        clickHouse = DemoSetup.clickHouse(stack, settings.database());
        deadLetters = new DeadLetterWatcher(stack.bootstrapServers(), settings.dlqTopic(), 1, false);
        app = new ChuteApp(new ChuteConfig(appConfig()));
        long started = System.nanoTime();
        app.start();
        out.printf(Locale.ROOT, "chute started; sending %,d events (%,d valid, %,d invalid) from a v1 and a v2 "
                + "producer%n", settings.events(), expected.rows(), expected.deadLetters());
        DemoProducers producers = DemoProducers.start(stack.bootstrapServers(), settings.topic(), plan, ids,
                settings.baseTimeMillis());
        boolean landed = awaitLanded(expected, producers, started);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        Thread.sleep(SETTLE.toMillis()); // a late duplicate would show up in the summary's counts
        DemoResult result = DemoSummary.collect(clickHouse, expected, landed, deadLetters, elapsed);
        DemoSummary.print(result, out);
        return result;
    }

    /** chute's configuration for this run. */
    Map<String, Object> appConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ChuteConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        config.put(ChuteConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        config.put(ChuteConfig.SOURCE_TOPICS_CONFIG, settings.topic());
        config.put(ChuteConfig.DLQ_TOPIC_CONFIG, settings.dlqTopic());
        config.put(ChuteConfig.REGISTRY_URL_CONFIG, stack.registryUrl());
        config.put(ChuteConfig.CLICKHOUSE_URL_CONFIG, stack.clickHouseUrl());
        config.put(ChuteConfig.CLICKHOUSE_USER_CONFIG, stack.clickHouse().user());
        config.put(ChuteConfig.CLICKHOUSE_PASSWORD_CONFIG, stack.clickHouse().password());
        config.put(ChuteConfig.CLICKHOUSE_DATABASE_CONFIG, settings.database());
        config.put(ChuteConfig.TABLE_CONFIG, DemoSettings.TABLE);
        config.put(ChuteConfig.BLOCK_MAX_ROWS_CONFIG, 50_000);
        config.put(ChuteConfig.COMMIT_INTERVAL_MS_CONFIG, 1000L);
        config.put(ChuteConfig.STREAMS_PREFIX + "state.dir", settings.stateDir().toAbsolutePath().toString());
        return config;
    }

    /** Prints one progress line a second; true once rows and dead letters reached the plan's counts. */
    private boolean awaitLanded(DemoPlan.Expected expected, DemoProducers producers, long started)
            throws InterruptedException {
        long lastRows = 0;
        long lastDead = 0;
        long lastTime = System.nanoTime();
        long lastChange = lastTime;
        while (true) {
            Thread.sleep(1000);
            long rows = DemoSummary.count(clickHouse);
            long dead = deadLetters.total();
            long now = System.nanoTime();
            out.printf(Locale.ROOT, "%5.0fs  sent %,9d/%,d  clickhouse %,9d/%,d rows  dead letters %,6d/%,d  %,8d rows/s%n",
                    (now - started) / 1e9, producers.sent(), settings.events(), rows, expected.rows(), dead,
                    expected.deadLetters(), Math.round((rows - lastRows) * 1e9 / Math.max(1, now - lastTime)));
            if (rows >= expected.rows() && dead >= expected.deadLetters() && producers.completion().isDone()) {
                return true;
            }
            if (rows != lastRows || dead != lastDead) {
                lastChange = now;
            }
            lastRows = rows;
            lastDead = dead;
            lastTime = now;
            String stop = stopReason(producers, now - lastChange);
            if (stop != null) {
                out.println("giving up: " + stop);
                return false;
            }
        }
    }

    private String stopReason(DemoProducers producers, long idleNanos) throws InterruptedException {
        if (producers.completion().isCompletedExceptionally()) {
            return "the producers failed: " + producers.completion().handle((v, e) -> e).join();
        }
        if (app.awaitTermination(0, TimeUnit.MILLISECONDS)) {
            return "chute stopped (see the log for the error)";
        }
        if (deadLetters.failure() != null) {
            return "reading the dead-letter topic failed: " + deadLetters.failure();
        }
        if (idleNanos > settings.stallTimeout().toNanos()) {
            return "nothing landed for " + settings.stallTimeout().toSeconds() + " s (see the log)";
        }
        return null;
    }

    /** Stops the app and the readers; idempotent. */
    @Override
    public synchronized void close() {
        if (app != null) {
            app.close();
            app = null;
        }
        if (deadLetters != null) {
            deadLetters.close();
            deadLetters = null;
        }
        if (clickHouse != null) {
            clickHouse.close();
            clickHouse = null;
        }
    }
}
