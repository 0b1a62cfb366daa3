package io.chute.retry;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link Time} for tests: sleeping advances the clock at once and records the wait. Thread-safe. */
public final class MockTime implements Time {
    private final AtomicLong nanos = new AtomicLong();
    private final long epochMillisAtStart;
    private final List<Long> sleeps = new CopyOnWriteArrayList<>();

    public MockTime() {
        this(1_700_000_000_000L);
    }

    public MockTime(long epochMillisAtStart) {
        this.epochMillisAtStart = epochMillisAtStart;
    }

    @Override
    public long milliseconds() {
        return epochMillisAtStart + nanos.get() / 1_000_000;
    }

    @Override
    public long nanoseconds() {
        return nanos.get();
    }

    @Override
    public void sleep(long millis) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before a fake sleep");
        }
        sleeps.add(millis);
        advance(millis);
    }

    public void advance(long millis) {
        nanos.addAndGet(millis * 1_000_000);
    }

    /** Every sleep so far, in milliseconds, in order. */
    public List<Long> sleeps() {
        return List.copyOf(sleeps);
    }
}
