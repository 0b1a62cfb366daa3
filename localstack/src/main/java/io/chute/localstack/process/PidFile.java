package io.chute.localstack.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code <name>.pid} in a child's work dir: {@code "<childPid> <parentPid>"}.
 *
 * <p>It lets a new run reap the children of a previous run whose parent died before they noticed, and refuse
 * a work dir that a live process is still using. Pids can be recycled, so only a process whose command line
 * still carries {@link ChildProcess#MARKER} is ever killed.
 */
final class PidFile {
    private static final Duration REAP_WAIT = Duration.ofSeconds(10);

    private final Path file;

    PidFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    void write(long childPid) {
        try {
            Files.writeString(file, childPid + " " + ProcessHandle.current().pid() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // best effort: a leftover file is reaped (or ignored) by the next run
        }
    }

    /**
     * Kills the child recorded by a previous run if its parent is gone, then removes the file.
     *
     * @throws IllegalStateException if the recorded child is alive and owned by another live process
     */
    void reapStale() {
        if (!Files.exists(file)) {
            return;
        }
        long[] pids = read();
        long self = ProcessHandle.current().pid();
        Optional<ProcessHandle> child = pids == null ? Optional.empty() : ProcessHandle.of(pids[0]).filter(PidFile::isOurs);
        if (child.isPresent() && pids[1] != self && ProcessHandle.of(pids[1]).map(ProcessHandle::isAlive).orElse(false)) {
            throw new IllegalStateException(file + ": child " + pids[0] + " of live process " + pids[1]
                    + " still uses this work dir; stop that process or use another work dir");
        }
        child.ifPresent(PidFile::killTree);
        delete();
    }

    private long[] read() {
        try {
            String[] parts = Files.readString(file, StandardCharsets.UTF_8).trim().split("\\s+");
            return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }

    private static boolean isOurs(ProcessHandle p) {
        return p.isAlive() && p.info().commandLine().map(c -> c.contains(ChildProcess.MARKER)).orElse(false);
    }

    private static void killTree(ProcessHandle p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.onExit().get(REAP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("stale child " + p.pid() + " did not exit after SIGKILL", e);
        }
    }
}
