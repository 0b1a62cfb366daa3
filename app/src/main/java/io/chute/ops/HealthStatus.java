package io.chute.ops;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One health answer: up or down, and why, as the JSON body of {@code /health/*}
 * ({@code {"status":"UP"|"DEGRADED"|"DOWN", ...details}}). DEGRADED is up (HTTP 200) with reasons: the instance
 * runs, but some records cannot land.
 */
public record HealthStatus(boolean up, Map<String, Object> details, List<String> degraded) {

    public HealthStatus {
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
        degraded = List.copyOf(degraded);
    }

    public HealthStatus(boolean up, Map<String, Object> details) {
        this(up, details, List.of());
    }

    /** The JSON body: {@code status} first, then the details in insertion order, then the degraded reasons. */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", !up ? "DOWN" : degraded.isEmpty() ? "UP" : "DEGRADED");
        body.putAll(details);
        if (!degraded.isEmpty()) {
            body.put("degraded", degraded);
        }
        return body;
    }

    /** HTTP status of the answer: 200 when up, 503 when down. */
    public int httpStatus() {
        return up ? 200 : 503;
    }
}
