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

    private ChuteProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
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
