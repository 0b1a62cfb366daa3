package io.chute.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import io.chute.localstack.clickhouse.LocalClickHouse;
import io.chute.localstack.kafka.LocalKafka;
import io.chute.localstack.registry.LocalRegistry;

/**
 * The whole local stack: a real Kafka broker, a schema registry with the Confluent API and ClickHouse, each in a
 * child JVM on free loopback ports, started in parallel.
 *
 * <p>Use {@link #shared()} in tests (one stack per JVM, isolated per test by {@link #uniqueName(String)}) and
 * {@link #start(Path, Options)} where a test needs its own stack (e.g. to kill parts of it). Every child dies with
 * the JVM that started it, even on {@code kill -9}.
 */
public final class LocalStack implements AutoCloseable {
    /** {@code -Dchute.localstack.clickhouse=false} starts the {@link #shared()} stack without ClickHouse. */
    public static final String SHARED_CLICKHOUSE_PROPERTY = "chute.localstack.clickhouse";

    private static final AtomicLong NAMES = new AtomicLong();
    private static LocalStack shared;

    private final LocalKafka kafka;
    private final LocalRegistry registry;
    private final LocalClickHouse clickHouse;
    private final Duration startupTime;

    LocalStack(LocalKafka kafka, LocalRegistry registry, LocalClickHouse clickHouse, Duration startupTime) {
        this.kafka = kafka;
        this.registry = registry;
        this.clickHouse = clickHouse;
        this.startupTime = startupTime;
    }

    /** What to start. ClickHouse is on by default. */
    public record Options(boolean clickHouse) {
        public static Options defaults() {
            return new Options(true);
        }

        public Options withClickHouse(boolean enabled) {
            return new Options(enabled);
        }
    }

    /** Starts a fresh stack (with ClickHouse) under {@code workDir}. See {@link #start(Path, Options)}. */
    public static LocalStack start(Path workDir) {
        return start(workDir, Options.defaults());
    }

    /**
     * Starts a fresh stack under {@code workDir} ({@code kafka/}, {@code registry/}, {@code clickhouse/}), all
     * services in parallel, and returns when every one is ready.
     *
     * @throws IllegalStateException if any service fails to start; the ones that did start are stopped again
     */
    public static LocalStack start(Path workDir, Options options) {
        return StackStarter.start(workDir, options);
    }

    /**
     * The stack of this JVM, started on first call under {@code target/chute-stack-<pid>} (or a temp dir when
     * there is no {@code target/}) and closed by a shutdown hook.
     */
    public static synchronized LocalStack shared() {
        if (shared == null) {
            boolean withClickHouse = Boolean.parseBoolean(System.getProperty(SHARED_CLICKHOUSE_PROPERTY, "true"));
            LocalStack stack = start(sharedWorkDir(), Options.defaults().withClickHouse(withClickHouse));
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "chute-stack-shutdown"));
            shared = stack;
        }
        return shared;
    }

    /**
     * A name unique in this JVM and across runs, usable as a Kafka topic and a ClickHouse database:
     * {@code <prefix>_<n>_<random>}, lower case, only {@code [a-z0-9_]}.
     */
    public static String uniqueName(String prefix) {
        String clean = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (clean.isEmpty() || !Character.isLetter(clean.charAt(0))) {
            clean = "t" + clean;
        }
        return clean + "_" + NAMES.incrementAndGet() + "_"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String registryUrl() {
        return registry.url();
    }

    /** @throws IllegalStateException if the stack was started without ClickHouse */
    public String clickHouseUrl() {
        return clickHouse().url();
    }

    public LocalKafka kafka() {
        return kafka;
    }

    public LocalRegistry registry() {
        return registry;
    }

    /** @throws IllegalStateException if the stack was started without ClickHouse */
    public LocalClickHouse clickHouse() {
        if (clickHouse == null) {
            throw new IllegalStateException("this local stack was started without ClickHouse");
        }
        return clickHouse;
    }

    public boolean hasClickHouse() {
        return clickHouse != null;
    }

    /** Wall time from {@link #start(Path, Options)} until every service was ready. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Stops every service (in parallel is not worth it: each stop is quick once asked). */
    @Override
    public void close() {
        StackStarter.closeAll(clickHouse, registry, kafka);
    }

    private static Path sharedWorkDir() {
        try {
            Path target = Path.of("target");
            if (Files.isDirectory(target)) {
                return Files.createDirectories(target.resolve("chute-stack-" + ProcessHandle.current().pid()));
            }
            return Files.createTempDirectory("chute-stack-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the shared stack's work dir", e);
        }
    }
}
