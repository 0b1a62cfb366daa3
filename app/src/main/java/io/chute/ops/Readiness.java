package io.chute.ops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * {@code /health/ready}: up when Kafka Streams is RUNNING and every dependency probe (ClickHouse, schema registry)
 * answered at its last check, which is at most one probe interval old. The body names each part and why it is down.
 * Degraded (still up) while {@code degraded} names problems, e.g. a writer schema no record of which can land.
 */
public final class Readiness {
    private final Supplier<String> streamsState;
    private final List<CachedProbe> probes;
    private final LongSupplier clock;
    private final Supplier<List<String>> degraded;

    public Readiness(Supplier<String> streamsState, List<CachedProbe> probes, LongSupplier clock) {
        this(streamsState, probes, clock, List::of);
    }

    public Readiness(Supplier<String> streamsState, List<CachedProbe> probes, LongSupplier clock,
                     Supplier<List<String>> degraded) {
        this.streamsState = streamsState;
        this.probes = List.copyOf(probes);
        this.clock = clock;
        this.degraded = degraded;
    }

    public HealthStatus check() {
        String state = streamsState.get();
        boolean up = "RUNNING".equals(state);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("streams", state);
        StringBuilder reasons = new StringBuilder(up ? "" : "streams " + state);
        for (CachedProbe probe : probes) {
            CachedProbe.Result r = probe.result();
            Map<String, Object> part = new LinkedHashMap<>();
            part.put("up", r.ok());
            part.put("detail", r.detail());
            part.put("checkedMsAgo", Math.max(0, clock.getAsLong() - r.checkedAtMillis()));
            details.put(probe.name(), part);
            if (!r.ok()) {
                up = false;
                reasons.append(reasons.length() == 0 ? "" : "; ").append(probe.name()).append(": ").append(r.detail());
            }
        }
        List<String> problems = degraded.get();
        details.put("reason", !up ? reasons.toString() : problems.isEmpty() ? "running, dependencies answer"
                : "running, but " + problems.size() + " writer schema(s) cannot land: " + String.join("; ", problems));
        return new HealthStatus(up, details, problems);
    }
}
