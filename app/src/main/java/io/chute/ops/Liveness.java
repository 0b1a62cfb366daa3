package io.chute.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * {@code /health/live}: down when the instance is wedged, i.e. its source partitions have lag but neither an offset
 * commit nor a landed block happened for longer than the configured time, or when Kafka Streams is in ERROR. An
 * idle instance (no lag) is alive however long it has been since its last block.
 *
 * <p>Progress is observed by polling a monotonic progress count (commits + landed blocks) on each check; a change
 * since the previous check counts as progress at the time of the check. Thread-safe.
 */
public final class Liveness {
    private final LongSupplier clock;
    private final LongSupplier progress;
    private final DoubleSupplier lag;
    private final Supplier<String> streamsState;
    private final long wedgedAfterMillis;
    private long lastProgress = Long.MIN_VALUE;
    private long lastProgressAt;

    /**
     * @param progress     monotonic count of offset commits plus landed blocks
     * @param lag          total records lag over the assigned source partitions (NaN or negative: unknown, as 0)
     * @param streamsState Kafka Streams' state name
     */
    public Liveness(LongSupplier clock, LongSupplier progress, DoubleSupplier lag, Supplier<String> streamsState,
            long wedgedAfterMillis) {
        this.clock = clock;
        this.progress = progress;
        this.lag = lag;
        this.streamsState = streamsState;
        this.wedgedAfterMillis = wedgedAfterMillis;
        this.lastProgressAt = clock.getAsLong();
    }

    public synchronized HealthStatus check() {
        long now = clock.getAsLong();
        long current = progress.getAsLong();
        if (current != lastProgress) {
            lastProgress = current;
            lastProgressAt = now;
        }
        double rawLag = lag.getAsDouble();
        long totalLag = Double.isNaN(rawLag) || rawLag < 0 ? 0 : (long) rawLag;
        long sinceProgress = now - lastProgressAt;
        String state = streamsState.get();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("streams", state);
        details.put("lag", totalLag);
        details.put("msSinceProgress", sinceProgress);
        details.put("wedgedAfterMs", wedgedAfterMillis);
        boolean wedged = totalLag > 0 && sinceProgress > wedgedAfterMillis;
        boolean failed = "ERROR".equals(state);
        if (failed) {
            details.put("reason", "Kafka Streams is in ERROR");
        } else if (wedged) {
            details.put("reason", "lag " + totalLag + " but no offset commit and no landed block for "
                    + sinceProgress + " ms");
        } else {
            details.put("reason", totalLag == 0 ? "no lag" : "progressing");
        }
        return new HealthStatus(!failed && !wedged, details);
    }
}
