package io.chute.demo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a demo run found, against what its plan says must be there.
 *
 * @param expected      from the {@link DemoPlan}
 * @param landed        true if the counts reached the expected ones before the stall timeout
 * @param rows          rows in the table
 * @param distinctIds   distinct {@code event_id}s in the table
 * @param rowsV1        rows with a null referrer (written with v1)
 * @param rowsV2        rows with a referrer (written with v2)
 * @param topTypes      the 5 most frequent event types with their counts
 * @param deadLetters   dead letters per {@code chute.dlq.reason}
 * @param samples       one dead letter per reason
 * @param elapsed       from the app's start until everything landed (or the run gave up)
 */
public record DemoResult(DemoPlan.Expected expected, boolean landed, long rows, long distinctIds, long rowsV1,
                         long rowsV2, List<Map.Entry<String, Long>> topTypes, Map<String, Long> deadLetters,
                         Map<String, DeadLetterWatcher.Sample> samples, Duration elapsed) {

    public long deadLetterTotal() {
        return deadLetters.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Every row landed once (none twice, none missing) and every bad record is a dead letter of its reason. */
    public boolean ok() {
        return landed && rows == expected.rows() && distinctIds == rows && rowsV1 == expected.rowsV1()
                && rowsV2 == expected.rowsV2() && deadLetters.equals(expected.deadLettersByReason());
    }

    /** The process exit status of the demo: 0 when {@link #ok()}, else 1. */
    public int exitCode() {
        return ok() ? 0 : 1;
    }
}
