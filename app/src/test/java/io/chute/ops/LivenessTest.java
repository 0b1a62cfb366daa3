package io.chute.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class LivenessTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final AtomicLong progress = new AtomicLong();
    private double lag;
    private String state = "RUNNING";
    private final Liveness liveness = new Liveness(now::get, progress::get, () -> lag, () -> state, 60_000);

    @Test
    void shouldBeDownWhenLagStaysWithoutProgressLongerThanTheLimit() {
        lag = 10;
        liveness.check();
        now.addAndGet(60_001);
        HealthStatus status = liveness.check();
        assertFalse(status.up());
        assertEquals(503, status.httpStatus());
        assertTrue(status.details().get("reason").toString().contains("no offset commit"));
    }

    @Test
    void shouldBeUpWhenIdleWithoutLagForLong() {
        liveness.check();
        now.addAndGet(3_600_000);
        assertTrue(liveness.check().up());
    }

    @Test
    void shouldBeUpWhenProgressHappenedWithinTheLimitDespiteLag() {
        lag = 10;
        liveness.check();
        now.addAndGet(59_000);
        progress.incrementAndGet();
        liveness.check();
        now.addAndGet(59_000);
        assertTrue(liveness.check().up());
    }

    @Test
    void shouldTreatUnknownLagAsNoLagWhenTheConsumerHasNotFetchedYet() {
        lag = Double.NaN;
        now.addAndGet(120_000);
        assertTrue(liveness.check().up());
    }

    @Test
    void shouldBeDownWhenStreamsAreInError() {
        state = "ERROR";
        HealthStatus status = liveness.check();
        assertFalse(status.up());
        assertEquals("DOWN", status.body().get("status"));
    }
}
