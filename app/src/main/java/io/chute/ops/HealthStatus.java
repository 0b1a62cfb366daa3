package io.chute.ops;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One health answer: up or down, and why, as the JSON body of {@code /health/*}
 * ({@code {"status":"UP"|"DOWN", ...details}}).
 */
public record HealthStatus(boolean up, Map<String, Object> details) {

    public HealthStatus {
        details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** The JSON body: {@code status} first, then the details in insertion order. */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.putAll(details);
        return body;
    }

    /** HTTP status of the answer: 200 when up, 503 when down. */
    public int httpStatus() {
        return up ? 200 : 503;
    }
}
