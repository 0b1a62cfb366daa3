package io.chute.config;

import static io.chute.config.ChuteConfig.BUFFER_MEMORY_BYTES_CONFIG;
import static io.chute.config.ChuteConfig.BUFFER_MEMORY_PAUSE_PARTITIONS_CONFIG;
import static io.chute.config.ChuteConfig.HEALTH_CHECK_INTERVAL_MS_CONFIG;
import static io.chute.config.ChuteConfig.HEALTH_WEDGED_AFTER_MS_CONFIG;
import static io.chute.config.ChuteConfig.METRICS_PORT_CONFIG;
import static io.chute.config.ChuteConfig.SHUTDOWN_TIMEOUT_MS_CONFIG;
import static io.chute.config.ChuteConfig.TEST_FAULTS_CONFIG;
import static io.chute.config.ChuteConfig.TEST_FAULTS_EXAMPLE;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/** Running an instance: metrics and health endpoints, shutdown, the memory budget, test fault hooks. */
final class OpsConfigDef {
    private static final String METRICS_PORT_DOC = "Port of /metrics and /health; -1 disables the endpoint. Bound "
            + "first at start (a port in use stops the instance before it joins the group), so instances sharing a "
            + "host need different ports: the one setting that differs per instance.";
    private static final String HEALTH_WEDGED_AFTER_MS_DOC = "/health/live fails when source partitions have lag "
            + "but neither an offset commit nor a landed block happened for this long (the instance is wedged).";
    private static final String HEALTH_CHECK_INTERVAL_MS_DOC = "/health/ready pings ClickHouse and the schema "
            + "registry at most this often and answers from the cached result in between.";
    // issue 13: failover (graceful shutdown)
    private static final String SHUTDOWN_TIMEOUT_MS_DOC = "On SIGTERM/SIGINT chute lands every open block, commits "
            + "and stops within this time; past it (or on a second signal) it exits without committing the rows not "
            + "yet landed, which are read again after the restart (nothing is lost).";
    private static final String TEST_FAULTS_DOC = "Test-only fault hooks, comma-separated name=value entries: "
            + "crash-before-insert=P and crash-after-insert=P halt the JVM with probability P before an insert or "
            + "before its LANDED, stall-while-file=PATH holds every insert while PATH exists (e.g. "
            + TEST_FAULTS_EXAMPLE + "). Never set in production.";
    // issue 10: scale (memory budget)
    private static final String BUFFER_MEMORY_BYTES_DOC = "Budget for rows held in open and in-flight blocks (array "
            + "capacity), across every lane of the instance, plus 192 KiB per open task (its fixed heap outside "
            + "blocks) up to a quarter of it. Above 3/4 of it the largest open blocks are submitted "
            + "early; above it the stream thread waits for inserts to land (backpressure, chute.backpressure.waits). "
            + "Kafka Streams' input buffers (fetch bytes and queued records per partition) are sized to about an "
            + "eighth of it beyond it, from the source partitions. -1: 30% of the max heap.";
    private static final String BUFFER_MEMORY_PAUSE_PARTITIONS_DOC = "When the budget has no room for the rows every "
            + "source partition still brings (a backlog over many partitions), fetching of some partitions pauses "
            + "until landed blocks make room, so that the others fill whole blocks (or reach their end) instead of "
            + "every lane growing evenly until blocks are cut early and small (chute.partitions.paused.memory). "
            + "Caught-up partitions are never paused. false: every partition is fetched as Kafka Streams asks.";

    private OpsConfigDef() {
    }

    static void define(ConfigDef def) {
        new ChuteConfigDef.Group(def, "ops")
                .define(METRICS_PORT_CONFIG, Type.INT, -1, Range.between(-1, 65535), Importance.LOW,
                        METRICS_PORT_DOC)
                .define(HEALTH_WEDGED_AFTER_MS_CONFIG, Type.LONG, 300_000L, Range.atLeast(1000L), Importance.LOW,
                        HEALTH_WEDGED_AFTER_MS_DOC)
                .define(HEALTH_CHECK_INTERVAL_MS_CONFIG, Type.LONG, 5_000L, Range.between(100L, 600_000L),
                        Importance.LOW, HEALTH_CHECK_INTERVAL_MS_DOC)
                .define(SHUTDOWN_TIMEOUT_MS_CONFIG, Type.LONG, 30_000L, Range.between(1000L, 3_600_000L),
                        Importance.MEDIUM, SHUTDOWN_TIMEOUT_MS_DOC)
                .define(TEST_FAULTS_CONFIG, Type.STRING, "", Importance.LOW, TEST_FAULTS_DOC)
                .define(BUFFER_MEMORY_BYTES_CONFIG, Type.LONG, -1L, autoOrAtLeastOneMiB(), Importance.MEDIUM,
                        BUFFER_MEMORY_BYTES_DOC)
                .define(BUFFER_MEMORY_PAUSE_PARTITIONS_CONFIG, Type.BOOLEAN, true, Importance.LOW,
                        BUFFER_MEMORY_PAUSE_PARTITIONS_DOC);
    }

    private static ConfigDef.Validator autoOrAtLeastOneMiB() {
        return ConfigDef.LambdaValidator.with((name, value) -> {
            long v = (Long) value;
            if (v != -1 && v < 1024 * 1024) {
                throw new ConfigException(name, value, "-1 or at least 1 MiB");
            }
        }, () -> "-1 or >= 1048576");
    }
}
