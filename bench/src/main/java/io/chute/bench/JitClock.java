package io.chute.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * CPU of this JVM's JIT compiler threads (Linux: {@code /proc/self/task}, the threads named {@code C1/C2
 * CompilerThre..}). Not {@code CompilationMXBean}'s compile time: that is the compilations' elapsed time, and on 2
 * busy cores a C2 compilation waits for a core, so it read up to 9.7 us per row in a point whose JVM used 10.5
 * (session 16). Sampled every {@value #SAMPLE_MILLIS} ms by a daemon thread, so a compiler thread the JVM retires
 * keeps what it used until its last sample. A thread seen once under another name is not read again: at 256 tasks
 * the JVM has hundreds of threads, and this sampler's CPU counts in the JVM's figures.
 *
 * <p>Why the bench needs it: on 2 cores the compiler threads get what chute, the broker and ClickHouse leave them,
 * and each partition count makes other code hot (Kafka's per-task clients and metrics), so code compiles inside the
 * points: 8.8 s of first C2 compilations in a 256 x 1 point after a 300,000-event warm-up of that shape (JFR,
 * session 16). A deployment pays that once, after it starts.
 */
final class JitClock {
    private static final long SAMPLE_MILLIS = 500;
    private static final long TICK_NANOS = 10_000_000L; // USER_HZ = 100 on Linux
    private static final Path TASKS = Path.of("/proc/self/task");
    private static final Map<String, Long> LAST_TICKS = new HashMap<>();
    private static final Set<String> OTHER_THREADS = new HashSet<>();
    private static long totalTicks;
    private static boolean sampling;

    private JitClock() {
    }

    /** The compiler threads' CPU so far (a running total: only differences mean something); -1 ms off Linux. */
    static synchronized Duration cpu() {
        if (!Files.isDirectory(TASKS)) {
            return Duration.ofMillis(-1);
        }
        if (!sampling) {
            sampling = true;
            Thread t = new Thread(JitClock::sampleForever, "bench-jit-sampler");
            t.setDaemon(true);
            t.start();
        }
        sample();
        return Duration.ofNanos(totalTicks * TICK_NANOS);
    }

    /**
     * Waits, up to {@code max}, until 3 samples in a row saw the compiler threads use less than {@code quietShare}
     * of one core (this JVM otherwise idle: the compile queue drained). Returns the wait.
     */
    static Duration settle(double quietShare, Duration max) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + max.toNanos();
        long last = cpu().toNanos();
        if (last < 0) {
            return Duration.ZERO;
        }
        int quiet = 0;
        while (quiet < 3 && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            long now = cpu().toNanos();
            quiet = now - last < quietShare * 1e9 ? quiet + 1 : 0;
            last = now;
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static void sampleForever() {
        while (true) {
            try {
                Thread.sleep(SAMPLE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            synchronized (JitClock.class) {
                sample();
            }
        }
    }

    /** Adds each compiler thread's ticks since its last sample (a thread seen first: all of them). */
    private static void sample() {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                String tid = task.getFileName().toString();
                if (OTHER_THREADS.contains(tid)) {
                    continue;
                }
                String stat = readOrNull(task.resolve("stat"));
                if (stat == null || stat.indexOf(')') < 0) {
                    continue;
                }
                String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (!comm.startsWith("C1 Compiler") && !comm.startsWith("C2 Compiler")) {
                    OTHER_THREADS.add(tid);
                    continue;
                }
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
                Long last = LAST_TICKS.put(tid, ticks);
                totalTicks += ticks - (last == null ? 0 : last);
            }
        } catch (IOException | RuntimeException e) {
            // a thread that ended while listed, or /proc unreadable: this sample counts less
        }
    }

    private static String readOrNull(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return null;
        }
    }
}
