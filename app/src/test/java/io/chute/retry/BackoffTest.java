package io.chute.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void shouldDoubleFromTheInitialDelayUpToTheCapWhenRetrying() {
        Backoff backoff = new Backoff(100, 10_000, Backoff.Jitter.NONE);
        assertEquals(100, backoff.delayMillis(1));
        assertEquals(200, backoff.delayMillis(2));
        assertEquals(6_400, backoff.delayMillis(7));
        assertEquals(10_000, backoff.delayMillis(8));
        assertEquals(10_000, backoff.delayMillis(Integer.MAX_VALUE));
        assertEquals(100, backoff.delayMillis(0), "attempt 0 counts as the first");
    }

    @Test
    void shouldNotOverflowWhenTheInitialDelayIsHuge() {
        Backoff backoff = new Backoff(Long.MAX_VALUE / 4, Long.MAX_VALUE / 2, Backoff.Jitter.NONE);
        assertEquals(Long.MAX_VALUE / 2, backoff.ceilingMillis(40));
    }

    @Test
    void shouldStayWithinTheJitterBoundsWhenJittering() {
        Backoff full = new Backoff(1_000, 1_000, Backoff.Jitter.FULL);
        Backoff half = new Backoff(1_000, 1_000, Backoff.Jitter.HALF);
        for (int i = 0; i < 1_000; i++) {
            long f = full.delayMillis(1);
            long h = half.delayMillis(1);
            assertTrue(f >= 0 && f <= 1_000, "full jitter " + f);
            assertTrue(h >= 500 && h <= 1_000, "half jitter " + h);
        }
    }

    @Test
    void shouldRejectANegativeOrInvertedRangeWhenBuilt() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(-1, 10, Backoff.Jitter.NONE));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(10, 5, Backoff.Jitter.NONE));
    }

    @Test
    void shouldGiveUpOnlyWhenAttemptsAreBoundedWhenAskedIfExhausted() {
        RetryPolicy forever = RetryPolicy.defaults();
        RetryPolicy three = new RetryPolicy(forever.backoff(), 3);
        assertFalse(forever.exhausted(1_000_000));
        assertFalse(three.exhausted(2));
        assertTrue(three.exhausted(3));
        assertTrue(RetryPolicy.once().exhausted(1));
    }
}
