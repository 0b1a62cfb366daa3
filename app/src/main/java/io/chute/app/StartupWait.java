package io.chute.app;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.chute.retry.Backoff;

/**
 * Waits at start for the services chute cannot work without (ClickHouse, the schema registry), all at once so the
 * slowest one sets the start time, each retried with a {@link Backoff} (exponential, jittered, capped) until it
 * answers; the pause between attempts waits on {@link #close()} rather than sleeping, so a stop ends it at once. A check that throws {@link StartupException} ends the wait: waiting cannot fix it.
 *
 * <p>One log line per dependency and kind of failure (the root cause's type: refused, timed out, HTTP 503, ...)
 * with its URL and reason, not one per attempt; and one when it answers. Meanwhile {@link #waitingFor()} says what
 * is awaited and why, for {@code /health/ready}.
 */
public final class StartupWait implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StartupWait.class);

    /** Returns normally when the dependency answered; throws {@link StartupException} when waiting cannot help. */
    @FunctionalInterface
    public interface Check {
        void run() throws Exception;
    }

    /** A service to wait for: its name and URL (for the log and /health/ready) and its check. */
    public record Dependency(String name, String url, Check check) {
    }

    private final Backoff backoff;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Map<String, String> waiting = new ConcurrentHashMap<>();

    /** @param backoff the pause between attempts: the wait itself never gives up */
    public StartupWait(Backoff backoff) {
        this.backoff = backoff;
    }

    /**
     * Blocks until every dependency answered.
     *
     * @throws StartupException the first unfixable failure (the other waits stop)
     * @throws InterruptedException when {@link #close()}d or interrupted meanwhile
     */
    public void await(List<Dependency> dependencies) throws InterruptedException {
        dependencies.forEach(d -> waiting.put(d.name(), d.url() + ": not checked yet"));
        ExecutorService pool = Executors.newFixedThreadPool(dependencies.size(), r -> {
            Thread t = new Thread(r, "chute-startup-wait");
            t.setDaemon(true);
            return t;
        });
        try {
            ExecutorCompletionService<Void> done = new ExecutorCompletionService<>(pool);
            dependencies.forEach(d -> done.submit(() -> waitFor(d)));
            for (int i = 0; i < dependencies.size(); i++) {
                try {
                    done.take().get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof StartupException fatal) {
                        throw fatal;
                    }
                    if (e.getCause() instanceof InterruptedException interrupted) {
                        throw interrupted;
                    }
                    throw new IllegalStateException("start-up check failed", e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** What is still awaited and why, by dependency name; empty once all answered. */
    public Map<String, String> waitingFor() {
        return new TreeMap<>(waiting);
    }

    private Void waitFor(Dependency d) throws Exception {
        long started = System.nanoTime();
        String lastKind = null;
        for (int attempt = 1; ; attempt++) {
            try {
                d.check().run();
                waiting.remove(d.name());
                if (attempt > 1) {
                    LOG.info("{} at {} answered after {} attempts ({} s)", d.name(), d.url(), attempt,
                            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
                }
                return null;
            } catch (StartupException | InterruptedException e) {
                throw e;
            } catch (Exception e) {
                String reason = reason(e);
                waiting.put(d.name(), d.url() + ": " + reason);
                String kind = rootCause(e).getClass().getName() + (reason.matches(".*HTTP \\d{3}.*")
                        ? reason.replaceAll(".*(HTTP \\d{3}).*", "$1") : "");
                if (!kind.equals(lastKind)) {
                    LOG.warn("waiting for {} at {}: {} (retrying with backoff; logged again only if the reason "
                            + "changes)", d.name(), d.url(), reason);
                    lastKind = kind;
                }
                if (closed.await(backoff.delayMillis(attempt), TimeUnit.MILLISECONDS)) {
                    throw new InterruptedException("stopped while waiting for " + d.name());
                }
            }
        }
    }

    /** The root cause's type and message, e.g. "ConnectException: Connection refused". */
    static String reason(Throwable e) {
        Throwable root = rootCause(e);
        String top = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String bottom = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        return root == e || top.contains(String.valueOf(root.getMessage())) ? top : top + " (" + bottom + ")";
    }

    private static Throwable rootCause(Throwable e) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable root = e;
        while (root.getCause() != null && seen.add(root)) {
            root = root.getCause();
        }
        return root;
    }

    /** Stops every wait: {@link #await} throws InterruptedException. */
    @Override
    public void close() {
        closed.countDown();
    }
}
