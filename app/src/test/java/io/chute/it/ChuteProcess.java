package io.chute.it;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** chute as a real separate JVM ({@code chute run --config ...}), for kill -9 tests. */
final class ChuteProcess implements AutoCloseable {
    private final Process process;
    final Path log;

    final long startedMillis = System.currentTimeMillis();

    private ChuteProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Start-up time: from the process start until its log says Kafka Streams is RUNNING with tasks ready;
     * -1 when not there yet. Read from the log's HH:mm:ss.SSS time stamps (local time, same day).
     */
    double secondsToRunning() {
        try {
            boolean tasks = false;
            for (String line : Files.readAllLines(log, java.nio.charset.StandardCharsets.ISO_8859_1)) {
                tasks |= line.contains("IngestProcessor - task ");
                if (tasks && line.contains("streams state REBALANCING -> RUNNING")) {
                    java.time.LocalTime at = java.time.LocalTime.parse(line.substring(0, 12));
                    long ms = at.atDate(java.time.LocalDate.now()).atZone(java.time.ZoneId.systemDefault())
                            .toInstant().toEpochMilli();
                    return (ms - startedMillis) / 1000.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    static ChuteProcess start(Properties config, Path dir, String name) throws IOException {
        return start(config, dir, name, "512m");
    }

    /** @param heap the JVM's -Xmx, e.g. "256m" */
    static ChuteProcess start(Properties config, Path dir, String name, String heap) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".properties");
        try (Writer w = Files.newBufferedWriter(file)) {
            config.store(w, "chute IT");
        }
        Path log = dir.resolve(name + ".log");
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx" + heap, "-cp", System.getProperty("java.class.path"),
                "io.chute.cli.ChuteCli", "run", "--config", file.toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return new ChuteProcess(pb.start(), log);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM (no wait): chute starts its graceful shutdown. */
    void sigterm() {
        process.destroy();
    }

    /** SIGTERM, then waits for the exit; returns the exit code (fails the test if it does not exit in time). */
    int terminate(java.time.Duration timeout) throws InterruptedException {
        sigterm();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            kill9();
            throw new AssertionError("no exit within " + timeout + " of SIGTERM; see " + log);
        }
        return process.exitValue();
    }

    /** Waits for the exit; the exit code. */
    int waitForExit(java.time.Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("no exit within " + timeout + "; see " + log);
        }
        return process.exitValue();
    }

    /** Whether the process's log has a line containing {@code text}. */
    boolean logContains(String text) {
        try {
            return Files.exists(log) && new String(Files.readAllBytes(log),
                    java.nio.charset.StandardCharsets.ISO_8859_1).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGKILL: no shutdown hook, no flush, no commit. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill9();
        }
    }
}
