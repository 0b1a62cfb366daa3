package io.chute.app;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.GroupProtocol;
import org.apache.kafka.streams.StreamsConfig;

import io.chute.config.ChuteConfig;

/**
 * The group membership settings that decide how fast a failed or restarted instance costs progress (see
 * topology-docs/DESIGN.md, "Failover"): static membership from {@code instance.id}, and the session timeout and
 * heartbeat interval.
 */
public final class FailoverSettings {
    /** Detects a dead instance that does not come back; also how long a restart may take without a rebalance. */
    public static final int SESSION_TIMEOUT_MS = 15_000;
    /** A fifth of the session timeout: four heartbeats may be lost before the member is declared dead. */
    public static final int HEARTBEAT_INTERVAL_MS = 3_000;
    /** A StatefulSet pod name: {@code <set name>-<ordinal>}, stable across restarts and rescheduling. */
    private static final Pattern STATEFUL_SET_POD = Pattern.compile(".*[a-zA-Z0-9]-\\d+");
    /** Kafka's legal characters of a group.instance.id (as of a topic name), with room for the thread suffix. */
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,200}");

    private FailoverSettings() {
    }

    /**
     * {@code instance.id} resolved: 'none' or empty gives no static membership; 'auto' takes {@code HOSTNAME} when it
     * looks like a StatefulSet pod name (a Deployment's or a container's random host name would make every restart
     * a new identity, which gains nothing); anything else is the id itself.
     */
    public static Optional<String> instanceId(String configured, Map<String, String> env) {
        String value = configured == null ? "" : configured.trim();
        if (value.isEmpty() || value.equals(ChuteConfig.INSTANCE_ID_NONE)) {
            return Optional.empty();
        }
        if (value.equals(ChuteConfig.INSTANCE_ID_AUTO)) {
            String host = env.getOrDefault("HOSTNAME", "");
            return STATEFUL_SET_POD.matcher(host).matches() && LEGAL.matcher(host).matches() ? Optional.of(host)
                    : Optional.empty();
        }
        if (!LEGAL.matcher(value).matches()) {
            throw new ConfigException(ChuteConfig.INSTANCE_ID_CONFIG, value,
                    "use letters, digits, '.', '_' and '-' only (at most 200)");
        }
        return Optional.of(value);
    }

    /**
     * Adds the membership settings to Kafka Streams properties (before the {@code streams.*} overrides, which win).
     * Under {@code group.protocol=streams} (KIP-1071) the 4.3 client refuses {@code group.instance.id}, so it is
     * left out there; and Streams then builds its main consumer itself, bypassing chute's client supplier, so the
     * commit barrier of at_least_once (a hooked consumer commit) would not run: refused with at_least_once.
     */
    static void apply(ChuteConfig config, Map<String, Object> props, Map<String, String> env) {
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), SESSION_TIMEOUT_MS);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), HEARTBEAT_INTERVAL_MS);
        Object protocol = config.streamsOverrides().getOrDefault(StreamsConfig.GROUP_PROTOCOL_CONFIG,
                GroupProtocol.CLASSIC.name);
        boolean streamsProtocol = GroupProtocol.STREAMS.name.equalsIgnoreCase(String.valueOf(protocol));
        if (streamsProtocol && !config.exactlyOnce()) {
            throw new ConfigException(ChuteConfig.STREAMS_PREFIX + StreamsConfig.GROUP_PROTOCOL_CONFIG,
                    GroupProtocol.STREAMS.name,
                    "the streams rebalance protocol bypasses chute's main consumer, so under at_least_once offsets "
                            + "could be committed before their rows landed; use exactly_once_v2 or "
                            + "group.protocol=classic");
        }
        if (!streamsProtocol) {
            instanceId(config.getString(ChuteConfig.INSTANCE_ID_CONFIG), env)
                    .ifPresent(id -> props.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
                            id));
        }
    }

    /** The group.instance.id the properties carry, for the start-up log. */
    static Optional<String> groupInstanceId(Map<String, Object> props) {
        Object id = props.get(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG));
        if (id == null) {
            id = props.get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        }
        return Optional.ofNullable(id).map(Object::toString);
    }
}
