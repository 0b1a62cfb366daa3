package io.chute.localstack.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A JVM child process of the local stack, started through {@link ParentWatch} so it dies with its parent.
 *
 * <p>Output goes to a log file (never to a pipe nobody drains). {@link #close()} stops it gracefully, then
 * forcibly, together with any descendants; a JVM shutdown hook does the same if the owner forgets.
 *
 * <p>While it runs, {@code <workDir>/<name>.pid} records it; starting the same name in the same work dir first
 * reaps a child left by a crashed previous run (see {@link PidFile}).
 */
public final class ChildProcess implements AutoCloseable {
    /** JVM option on every child's command line: {@code -Dchute.localstack.child=<name>}. */
    static final String MARKER = "-Dchute.localstack.child=";

    private final String name;
    private final Process process;
    private final Path logFile;
    private final PidFile pidFile;
    private final Thread shutdownHook;

    private ChildProcess(String name, Process process, Path logFile, PidFile pidFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.pidFile = pidFile;
        pidFile.write(process.pid());
        this.shutdownHook = new Thread(this::destroyNow, "stop-" + name);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Kills the child {@code name} that a crashed previous run left in {@code workDir}, if any.
     *
     * @throws IllegalStateException if a live process still owns that child
     */
    public static void reapStale(Path workDir, String name) {
        new PidFile(workDir.resolve(name + ".pid")).reapStale();
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /**
     * Polls {@code ready} until it returns true. Fails fast, with the log's tail, if the child exits first.
     */
    public void awaitReady(Duration timeout, BooleanSupplier ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue()
                        + " before it was ready; log " + logFile + ":\n" + tail(40));
            }
            try {
                if (ready.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not ready yet
            }
            sleep(100);
        }
        throw new IllegalStateException(name + " not ready after " + timeout + "; log " + logFile + ":\n" + tail(40));
    }

    /** Whether the child's log contains {@code text}, e.g. to recognise a lost port race. */
    public boolean logContains(String text) {
        try {
            return Files.readString(logFile).contains(text);
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    /** The last {@code lines} lines of the child's log, for error messages. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** SIGKILL, no grace: for tests that simulate a crash. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        if (waitFor(Duration.ofSeconds(10))) {
            pidFile.delete();
        }
    }

    /** SIGTERM, then SIGKILL after {@code grace}. */
    public void stop(Duration grace) {
        if (process.isAlive()) {
            process.destroy();
            if (!waitFor(grace)) {
                kill();
            }
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        if (!process.isAlive()) {
            pidFile.delete();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(10));
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // already in shutdown: the hook runs anyway
        }
    }

    private void destroyNow() {
        stop(Duration.ofSeconds(3));
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Builds the command line {@code java <jvmArgs> -cp <cp> ParentWatch <pid> <main> <args>}. */
    public static final class Builder {
        private final String name;
        private final List<String> jvmArgs = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private String classpath = StackClasspath.childClasspath();
        private String mainClass;
        private Path workDir;
        private Path logFile;
        private String javaExecutable = StackClasspath.javaExecutable();

        private Builder(String name) {
            this.name = name;
        }

        public Builder mainClass(String mainClass) {
            this.mainClass = mainClass;
            return this;
        }

        public Builder classpath(String classpath) {
            this.classpath = classpath;
            return this;
        }

        public Builder jvmArg(String arg) {
            jvmArgs.add(arg);
            return this;
        }

        public Builder args(List<String> values) {
            args.addAll(values);
            return this;
        }

        public Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        public Builder workDir(Path dir) {
            this.workDir = dir;
            return this;
        }

        public Builder logFile(Path file) {
            this.logFile = file;
            return this;
        }

        public Builder javaExecutable(String java) {
            this.javaExecutable = java;
            return this;
        }

        public ChildProcess start() {
            if (mainClass == null || workDir == null) {
                throw new IllegalStateException("mainClass and workDir are required for " + name);
            }
            List<String> cmd = new ArrayList<>();
            cmd.add(javaExecutable);
            // first, so it survives the OS truncating long command lines (the classpath) when a later run checks it
            cmd.add(MARKER + name);
            cmd.addAll(jvmArgs);
            cmd.add("-cp");
            cmd.add(classpath);
            cmd.add(ParentWatch.class.getName());
            cmd.add(Long.toString(ProcessHandle.current().pid()));
            cmd.add(mainClass);
            cmd.addAll(args);
            Path log = logFile != null ? logFile : workDir.resolve(name + ".log");
            try {
                Files.createDirectories(workDir);
                PidFile pidFile = new PidFile(workDir.resolve(name + ".pid"));
                pidFile.reapStale();
                ProcessBuilder pb = new ProcessBuilder(cmd)
                        .directory(workDir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
                pb.environment().putAll(env);
                return new ChildProcess(name, pb.start(), log, pidFile);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + name + ": " + cmd, e);
            }
        }
    }
}
