package io.chute.ops;

import java.util.function.LongSupplier;

/**
 * A dependency check (ClickHouse {@code /ping}, registry {@code GET /subjects}) run at most once per interval: every
 * caller in between gets the cached result, so health polling never loads the dependency. Thread-safe; a slow
 * check blocks concurrent callers rather than running twice.
 */
public final class CachedProbe {

    /** The check; returning normally means the dependency answered, throwing means it did not (message = why). */
    @FunctionalInterface
    public interface Check {
        void run() throws Exception;
    }

    /** Outcome of the last check and when it ran (epoch millis). */
    public record Result(boolean ok, String detail, long checkedAtMillis) {
    }

    private final String name;
    private final Check check;
    private final long intervalMillis;
    private final LongSupplier clock;
    private Result last;

    public CachedProbe(String name, Check check, long intervalMillis, LongSupplier clock) {
        this.name = name;
        this.check = check;
        this.intervalMillis = intervalMillis;
        this.clock = clock;
    }

    public String name() {
        return name;
    }

    /** The cached result, re-checking first when it is older than the interval (or there is none yet). */
    public synchronized Result result() {
        long now = clock.getAsLong();
        if (last == null || now - last.checkedAtMillis() >= intervalMillis) {
            last = runCheck(now);
        }
        return last;
    }

    private Result runCheck(long now) {
        try {
            check.run();
            return new Result(true, "answered", now);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, "interrupted", now);
        } catch (Exception e) {
            return new Result(false, e.getMessage() == null ? e.toString() : e.getMessage(), now);
        }
    }
}
