package io.chute.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.chute.LogCapture;
import io.chute.retry.Backoff;

class StartupWaitTest {
    private static final Backoff FAST = new Backoff(1, 2, Backoff.Jitter.HALF);
    private final LogCapture log = LogCapture.of(StartupWait.class);

    @AfterEach
    void releaseLog() {
        log.close();
    }

    @Test
    void shouldCheckBothDependenciesAtOnceWhenEachWaitsForTheOther() throws Exception {
        CountDownLatch clickHouseTried = new CountDownLatch(1);
        CountDownLatch registryTried = new CountDownLatch(1);
        StartupWait wait = new StartupWait(FAST);
        wait.await(List.of(
                new StartupWait.Dependency("clickhouse", "http://ch", () -> meet(clickHouseTried, registryTried)),
                new StartupWait.Dependency("registry", "http://sr", () -> meet(registryTried, clickHouseTried))));
        assertEquals(Map.of(), wait.waitingFor());
    }

    /** Passes only if the other check runs while this one does: checked one after the other, both would fail. */
    private static void meet(CountDownLatch mine, CountDownLatch other) throws InterruptedException {
        mine.countDown();
        if (!other.await(20, TimeUnit.SECONDS)) {
            throw new StartupException("the checks ran one after the other");
        }
    }

    @Test
    void shouldLogOncePerKindOfFailureAndOnceWhenAnsweredWhenFailingRepeatedly() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        new StartupWait(FAST).await(List.of(new StartupWait.Dependency("clickhouse", "http://ch:8123", () -> {
            int n = attempts.incrementAndGet();
            if (n <= 5) {
                throw new IllegalStateException("insert failed", new ConnectException("Connection refused"));
            }
            if (n <= 7) {
                throw new IOException("GET http://ch:8123/ answered HTTP 503");
            }
        })));
        List<String> lines = log.lines();
        assertEquals(3, lines.size(), lines.toString());
        assertEquals("WARN waiting for clickhouse at http://ch:8123: insert failed (ConnectException: Connection "
                + "refused) (retrying with backoff; logged again only if the reason changes)", lines.get(0));
        assertTrue(lines.get(1).startsWith("WARN waiting for clickhouse at http://ch:8123: GET http://ch:8123/ "
                + "answered HTTP 503"), lines.get(1));
        assertTrue(lines.get(2).startsWith("INFO clickhouse at http://ch:8123 answered after 8 attempts"),
                lines.get(2));
    }

    @Test
    void shouldStopWaitingWithTheReasonWhenACheckSaysWaitingCannotHelp() {
        StartupWait wait = new StartupWait(FAST);
        StartupException e = assertThrows(StartupException.class, () -> wait.await(List.of(
                new StartupWait.Dependency("clickhouse", "http://ch", () -> {
                    throw new StartupException("database 'x' does not exist");
                }),
                new StartupWait.Dependency("registry", "http://sr", () -> {
                    throw new ConnectException("Connection refused");
                }))));
        assertEquals("database 'x' does not exist", e.getMessage());
    }

    @Test
    void shouldSayWhatItWaitsForAndStopWhenClosedWhileADependencyIsDown() throws Exception {
        StartupWait wait = new StartupWait(FAST);
        CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                wait.await(List.of(new StartupWait.Dependency("registry", "http://sr/apis/ccompat/v7", () -> {
                    throw new ConnectException("Connection refused");
                })));
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!wait.waitingFor().getOrDefault("registry", "").contains("refused") && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(Map.of("registry", "http://sr/apis/ccompat/v7: Connection refused"), wait.waitingFor());
        wait.close();
        assertTrue(outcome.get(30, TimeUnit.SECONDS) instanceof InterruptedException);
    }
}
