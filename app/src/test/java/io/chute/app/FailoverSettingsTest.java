package io.chute.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

import io.chute.config.ChuteConfig;
import io.chute.config.MinimalConfig;

class FailoverSettingsTest {
    private static final String INSTANCE = StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);

    @Test
    void shouldTakeTheHostNameWhenItIsAStatefulSetPodName() {
        assertEquals(Optional.of("chute-2"), FailoverSettings.instanceId("auto", Map.of("HOSTNAME", "chute-2")));
        assertEquals(Optional.of("events-chute-10"),
                FailoverSettings.instanceId("auto", Map.of("HOSTNAME", "events-chute-10")));
    }

    @Test
    void shouldUseDynamicMembershipWhenTheHostNameIsNotStable() {
        // a Deployment's pod, a container id, a laptop, no HOSTNAME at all
        assertEquals(Optional.empty(), FailoverSettings.instanceId("auto", Map.of("HOSTNAME", "chute-7d9f8-x2k4q")));
        assertEquals(Optional.empty(), FailoverSettings.instanceId("auto", Map.of("HOSTNAME", "3f2a9c1b7e44")));
        assertEquals(Optional.empty(), FailoverSettings.instanceId("auto", Map.of("HOSTNAME", "laptop")));
        assertEquals(Optional.empty(), FailoverSettings.instanceId("auto", Map.of()));
        assertEquals(Optional.empty(), FailoverSettings.instanceId("none", Map.of("HOSTNAME", "chute-0")));
        assertEquals(Optional.empty(), FailoverSettings.instanceId("", Map.of("HOSTNAME", "chute-0")));
    }

    @Test
    void shouldUseAnExplicitIdAsIsWhenLegal() {
        assertEquals(Optional.of("eu-west.a_1"), FailoverSettings.instanceId("eu-west.a_1", Map.of()));
        assertThrows(ConfigException.class, () -> FailoverSettings.instanceId("a b", Map.of()));
        assertThrows(ConfigException.class, () -> FailoverSettings.instanceId("x/y", Map.of()));
    }

    @Test
    void shouldSetStaticMembershipAndFastFailureDetectionWhenAnInstanceIdIsGiven() {
        Map<String, Object> props = new HashMap<>();
        FailoverSettings.apply(config("instance.id", "chute-0"), props, Map.of());
        assertEquals("chute-0", props.get(INSTANCE));
        assertEquals(FailoverSettings.SESSION_TIMEOUT_MS,
                props.get(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG)));
        assertEquals(FailoverSettings.HEARTBEAT_INTERVAL_MS,
                props.get(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG)));
        assertTrue(FailoverSettings.HEARTBEAT_INTERVAL_MS * 3 < FailoverSettings.SESSION_TIMEOUT_MS);
    }

    @Test
    void shouldGiveEachStreamThreadItsOwnMemberIdWhenStreamsBuildsTheMainConsumer() {
        Map<String, String> raw = MinimalConfig.props();
        raw.put("instance.id", "chute-1");
        raw.put("num.stream.threads", "2");
        StreamsConfig streams = new StreamsConfig(ChuteApp.streamsProperties(new ChuteConfig(raw)));
        assertEquals("chute-1-1", streams.getMainConsumerConfigs("app", "c", 1)
                .get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG));
        assertEquals("chute-1-2", streams.getMainConsumerConfigs("app", "c", 2)
                .get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG));
    }

    @Test
    void shouldLeaveStaticMembershipOutWhenTheStreamsRebalanceProtocolIsChosen() {
        Map<String, String> raw = MinimalConfig.props();
        raw.put("instance.id", "chute-1");
        raw.put("streams.group.protocol", "streams");
        Map<String, Object> props = ChuteApp.streamsProperties(new ChuteConfig(raw));
        assertFalse(props.containsKey(INSTANCE));
        new StreamsConfig(props); // the 4.3 client refuses group.protocol=streams with a group.instance.id
        props.put(INSTANCE, "chute-1");
        assertThrows(ConfigException.class, () -> new StreamsConfig(props));
    }

    @Test
    void shouldRefuseTheStreamsRebalanceProtocolWhenAtLeastOnce() {
        Map<String, String> raw = MinimalConfig.props();
        raw.put("streams.group.protocol", "streams");
        raw.put("processing.guarantee", "at_least_once");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ChuteApp.streamsProperties(new ChuteConfig(raw)));
        assertTrue(e.getMessage().contains("streams.group.protocol"), e.getMessage());
    }

    @Test
    void shouldLetStreamsOverridesWinWhenTheSessionTimeoutIsGiven() {
        Map<String, String> raw = MinimalConfig.props();
        raw.put("streams.consumer.session.timeout.ms", "45000");
        Map<String, Object> props = ChuteApp.streamsProperties(new ChuteConfig(raw));
        assertEquals("45000", props.get(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG)));
    }

    private static ChuteConfig config(String key, String value) {
        Map<String, String> raw = MinimalConfig.props();
        raw.put(key, value);
        return new ChuteConfig(raw);
    }
}
