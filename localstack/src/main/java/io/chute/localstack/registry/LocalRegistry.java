package io.chute.localstack.registry;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import io.chute.localstack.process.ChildProcess;
import io.chute.localstack.process.Dirs;
import io.chute.localstack.process.FreePorts;
import io.chute.localstack.process.StackClasspath;

/**
 * A real schema registry with the Confluent REST API: Apicurio Registry 3 (in-memory H2 storage) in a child JVM
 * on a free loopback port.
 *
 * <p>{@link #url()} is the Confluent-compatible base URL ({@code .../apis/ccompat/v7}). {@link #start(Path)}
 * returns once {@code GET <url>/subjects} answers 200. Its state lives in memory only: a restart is empty.
 * The registry dies with the JVM that started it (see {@link io.chute.localstack.process.ParentWatch}).
 */
public final class LocalRegistry implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final int START_ATTEMPTS = 3;

    private final ChildProcess process;
    private final int port;

    private LocalRegistry(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts a fresh, empty registry whose log and temp files live under {@code workDir}.
     *
     * @throws IllegalStateException if it does not become ready; the message carries its log's tail
     */
    public static LocalRegistry start(Path workDir) {
        ApicurioDistribution app = ApicurioDistribution.get();
        // absolute: the child runs in workDir, so relative paths in its arguments would resolve twice
        Path dir = workDir.toAbsolutePath().normalize();
        for (int attempt = 1; ; attempt++) {
            int[] ports = FreePorts.allocate(2);
            LocalRegistry registry = launch(app, dir, ports[0], ports[1]);
            try {
                registry.process.awaitReady(READY_TIMEOUT, registry::answers);
                return registry;
            } catch (IllegalStateException e) {
                boolean portRace = registry.process.logContains("in use");
                registry.kill();
                if (!portRace || attempt == START_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static LocalRegistry launch(ApicurioDistribution app, Path workDir, int httpPort, int managementPort) {
        Path tmp = Dirs.create(workDir.resolve("tmp"));
        ChildProcess child = ChildProcess.builder("registry")
                .javaExecutable(JavaRuntimes.java17())
                .classpath(app.runnerJar() + File.pathSeparator + StackClasspath.ownClasses())
                .mainClass(app.mainClass())
                .jvmArg("-Xms64m").jvmArg("-Xmx384m")
                .jvmArg("-XX:+UseSerialGC").jvmArg("-XX:TieredStopAtLevel=1")
                .jvmArg("-Djava.io.tmpdir=" + tmp)
                .jvmArg("-Dquarkus.http.host=127.0.0.1")
                .jvmArg("-Dquarkus.http.port=" + httpPort)
                // never the default management interface (0.0.0.0:9000), should a build enable it
                .jvmArg("-Dquarkus.management.host=127.0.0.1")
                .jvmArg("-Dquarkus.management.port=" + managementPort)
                .jvmArg("-Dquarkus.http.access-log.enabled=false")
                // the in-memory H2 pool opens 20 connections up front by default
                .jvmArg("-Dapicurio.datasource.jdbc.initial-size=1")
                .jvmArg("-Dapicurio.datasource.jdbc.min-size=1")
                .jvmArg("-Dapicurio.datasource.jdbc.max-size=8")
                // tests delete subjects and versions like they would against Confluent
                .jvmArg("-Dapicurio.rest.deletion.artifact.enabled=true")
                .jvmArg("-Dapicurio.rest.deletion.artifact-version.enabled=true")
                .jvmArg("-Dapicurio.rest.deletion.group.enabled=true")
                .jvmArg("-Dapicurio.import.work-dir=" + tmp)
                .jvmArg("-Dapicurio.storage.snapshot.location=" + tmp)
                .workDir(workDir)
                .start();
        return new LocalRegistry(child, httpPort);
    }

    private boolean answers() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        HttpRequest get = HttpRequest.newBuilder(URI.create(url() + "/subjects")).timeout(Duration.ofSeconds(2)).build();
        try {
            return http.send(get, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The Confluent-compatible base URL, {@code http://127.0.0.1:<port>/apis/ccompat/v7}. */
    public String url() {
        return "http://127.0.0.1:" + port + "/apis/ccompat/v7";
    }

    /** The registry's child process id (for crash tests). */
    public long pid() {
        return process.pid();
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** Graceful shutdown (SIGTERM; SIGKILL after 10 s). */
    public void stop() {
        process.stop(STOP_GRACE);
    }

    /** SIGKILL: simulates a registry crash. */
    public void kill() {
        process.kill();
    }

    @Override
    public void close() {
        process.close();
    }
}
