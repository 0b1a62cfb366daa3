package io.chute.demo;

import java.nio.file.Path;
import java.time.Duration;

/**
 * One demo run.
 *
 * @param events        records to send in total (valid and invalid)
 * @param invalidRatio  share of bad records, of mixed {@link InvalidKind}s
 * @param seed          makes the records (see {@link DemoPlan})
 * @param topic         source topic (4 partitions); the schemas are registered under {@code <topic>-value}
 * @param dlqTopic      dead-letter topic
 * @param database      ClickHouse database of the {@code events} table
 * @param applicationId chute's {@code application.id}
 * @param stateDir      Kafka Streams' state directory
 * @param stallTimeout  the run fails when neither rows nor dead letters grow for this long
 * @param baseTimeMillis events carry a {@code ts} up to a minute before this
 */
public record DemoSettings(int events, double invalidRatio, long seed, String topic, String dlqTopic,
                           String database, String applicationId, Path stateDir, Duration stallTimeout,
                           long baseTimeMillis) {
    public static final String TABLE = "events";
    public static final int PARTITIONS = 4;

    /**
     * The demo's names (topic {@code events}, database {@code chute_demo}, application {@code chute-demo}), 1%
     * invalid, events of the last minute.
     */
    public static DemoSettings defaults(int events, Path workDir) {
        return new DemoSettings(events, 0.01, 42L, "events", "events-dlq", "chute_demo", "chute-demo",
                workDir.resolve("streams-state"), Duration.ofMinutes(2), System.currentTimeMillis());
    }

    /** The same run under other names (tests on a shared stack). */
    public DemoSettings withNames(String topic, String dlqTopic, String database, String applicationId) {
        return new DemoSettings(events, invalidRatio, seed, topic, dlqTopic, database, applicationId, stateDir,
                stallTimeout, baseTimeMillis);
    }

    public DemoPlan plan() {
        return new DemoPlan(seed, events, invalidRatio);
    }

    public String subject() {
        return topic + "-value";
    }
}
