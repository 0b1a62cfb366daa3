package io.chute.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class GracefulShutdownTest {
    private final List<Integer> halts = new ArrayList<>();

    @Test
    void shouldExitZeroWhenTheShutdownLandedEverything() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        GracefulShutdown handler = new GracefulShutdown(() -> true, () -> calls.incrementAndGet() > 0, halts::add);
        assertEquals(0, handler.exitCode(0), "no signal: the app's own code");
        handler.onSignal("SIGTERM");
        assertEquals(0, handler.exitCode(0));
        assertEquals(1, calls.get());
        assertEquals(List.of(), halts);
    }

    @Test
    void shouldExitOneWhenTheShutdownTimedOut() throws Exception {
        GracefulShutdown handler = new GracefulShutdown(() -> true, () -> false, halts::add);
        handler.onSignal("SIGTERM");
        assertEquals(1, handler.exitCode(0));
    }

    @Test
    void shouldExitAtOnceWhenSignalledDuringStartUp() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        GracefulShutdown handler = new GracefulShutdown(() -> false, () -> calls.incrementAndGet() > 0, halts::add);
        handler.onSignal("SIGTERM");
        assertEquals(List.of(1), halts);
        assertEquals(0, calls.get(), "no graceful shutdown of an app that has not started");
    }

    @Test
    void shouldExitAtOnceWhenASecondSignalArrivesDuringTheShutdown() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        GracefulShutdown handler = new GracefulShutdown(() -> true, () -> {
            try {
                return release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return false;
            }
        }, halts::add);
        handler.onSignal("SIGTERM");
        handler.onSignal("SIGTERM");
        assertEquals(List.of(1), halts, "the second signal halts with 1 without waiting");
        release.countDown();
    }
}
