package io.chute.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class ReadinessTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final AtomicInteger calls = new AtomicInteger();
    private volatile boolean clickHouseUp = true;
    private final CachedProbe clickHouse = new CachedProbe("clickhouse", () -> {
        calls.incrementAndGet();
        if (!clickHouseUp) {
            throw new IllegalStateException("connection refused");
        }
    }, 5_000, now::get);
    private final CachedProbe registry = new CachedProbe("registry", () -> { }, 5_000, now::get);

    @Test
    void shouldBeReadyWhenRunningAndDependenciesAnswer() {
        HealthStatus status = new Readiness(() -> "RUNNING", List.of(clickHouse, registry), now::get).check();
        assertTrue(status.up(), status.body().toString());
        assertEquals(true, ((Map<?, ?>) status.details().get("clickhouse")).get("up"));
    }

    @Test
    void shouldNotBeReadyWhenStreamsAreRebalancing() {
        HealthStatus status = new Readiness(() -> "REBALANCING", List.of(clickHouse, registry), now::get).check();
        assertFalse(status.up());
        assertEquals("streams REBALANCING", status.details().get("reason"));
    }

    @Test
    void shouldNameTheDependencyWhenClickHouseDoesNotAnswer() {
        clickHouseUp = false;
        HealthStatus status = new Readiness(() -> "RUNNING", List.of(clickHouse, registry), now::get).check();
        assertFalse(status.up());
        assertEquals("clickhouse: connection refused", status.details().get("reason"));
    }

    @Test
    void shouldProbeAtMostOncePerIntervalWhenPolledOften() {
        Readiness readiness = new Readiness(() -> "RUNNING", List.of(clickHouse), now::get);
        for (int i = 0; i < 10; i++) {
            readiness.check();
            now.addAndGet(400);
        }
        assertEquals(1, calls.get());
        now.addAndGet(1_000);
        clickHouseUp = false;
        assertFalse(readiness.check().up());
        assertEquals(2, calls.get());
    }

    @Test
    void shouldBeDegradedAndStillUpWhenAWriterSchemaCannotLand() {
        HealthStatus status = new Readiness(() -> "RUNNING", List.of(clickHouse, registry), now::get,
                () -> List.of("table events, schema id 3: column 'amount': cannot write Avro int to UUID")).check();
        assertTrue(status.up());
        assertEquals(200, status.httpStatus());
        assertEquals("DEGRADED", status.body().get("status"));
        assertTrue(status.details().get("reason").toString().contains("schema id 3"), status.body().toString());
        assertEquals(List.of("table events, schema id 3: column 'amount': cannot write Avro int to UUID"),
                status.body().get("degraded"));
    }
}
