package io.chute.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/** The CHUTE_* rule (Kafka's Docker images' rule) and its edge cases. */
class EnvMappingTest {

    @Test
    void shouldMapSingleUnderscoresToDotsWhenNamingDefinedAndStreamsKeys() {
        assertEquals(Optional.of("clickhouse.password"), EnvMapping.key("CHUTE_CLICKHOUSE_PASSWORD"));
        assertEquals(Optional.of("streams.session.timeout.ms"), EnvMapping.key("CHUTE_STREAMS_SESSION_TIMEOUT_MS"));
        assertEquals(Optional.of("streams.consumer.max.poll.records"),
                EnvMapping.key("CHUTE_STREAMS_CONSUMER_MAX_POLL_RECORDS"));
    }

    @Test
    void shouldMapDoubleUnderscoreToUnderscoreAndTripleToDashWhenKeysHoldThem() {
        assertEquals(Optional.of("route.eu_orders.table"), EnvMapping.key("CHUTE_ROUTE_EU__ORDERS_TABLE"));
        assertEquals(Optional.of("route.eu-orders.topics"), EnvMapping.key("CHUTE_ROUTE_EU___ORDERS_TOPICS"));
        assertEquals(Optional.of("route.eu.match.event_type"), EnvMapping.key("CHUTE_ROUTE_EU_MATCH_EVENT__TYPE"));
    }

    @Test
    void shouldReadRunsLeftToRightLongestFirstWhenFourOrFiveUnderscoresFollow() {
        assertEquals(Optional.of("a-.b"), EnvMapping.key("CHUTE_A____B"));
        assertEquals(Optional.of("a-_b"), EnvMapping.key("CHUTE_A_____B"));
    }

    @Test
    void shouldIgnoreVariablesWithoutThePrefixOrAKey() {
        assertEquals(Optional.empty(), EnvMapping.key("CHUTE_"));
        assertEquals(Optional.empty(), EnvMapping.key("KAFKA_BOOTSTRAP_SERVERS"));
        assertEquals(Optional.empty(), EnvMapping.key("chute_table"));
    }

    @Test
    void shouldInvertTheMappingForEveryDefinedKeyAndPassThroughExamples() {
        for (String key : ChuteConfig.definition().names()) {
            assertEquals(Optional.of(key), EnvMapping.key(EnvMapping.variable(key)), key);
        }
        for (String key : new String[] {"streams.session.timeout.ms", "route.eu_orders.table", "route.a-b.topics"}) {
            assertEquals(Optional.of(key), EnvMapping.key(EnvMapping.variable(key)), key);
        }
        assertEquals("CHUTE_ROUTE_EU__ORDERS_TABLE", EnvMapping.variable("route.eu_orders.table"));
    }

    @Test
    void shouldSetStreamsAndRouteKeysFromTheEnvironmentWhenLayering() {
        Map<String, String> env = Map.of("CHUTE_STREAMS_SESSION_TIMEOUT_MS", "12000",
                "CHUTE_ROUTE_EU__ORDERS_TABLE", "orders_eu", "CHUTE_ROUTE_EU__ORDERS_TOPICS", "events",
                "CHUTE_JAVA_OPTS", "-Xmx1g", "CHUTE_WRITER_PASSWORD", "not chute's");
        ConfigSources sources = ConfigSources.read(null, merge(env), new Properties());
        ChuteConfig config = sources.toConfig();
        assertEquals("12000", config.streamsOverrides().get("session.timeout.ms"));
        assertEquals("orders_eu", RouteConfig.parse(config).get(0).table());
        assertEquals("environment CHUTE_ROUTE_EU__ORDERS_TABLE", sources.origin("route.eu_orders.table"));
        assertTrue(sources.values().keySet().stream().noneMatch(k -> k.startsWith("java") || k.startsWith("writer")),
                "variables naming no key are not configuration: " + sources.values().keySet());
    }

    @Test
    void shouldLetSystemPropertiesWinOverTheEnvironmentWhenBothSetAStreamsKey() {
        Properties system = new Properties();
        system.setProperty("chute.streams.session.timeout.ms", "15000");
        ChuteConfig config = ConfigSources.read(null, merge(Map.of("CHUTE_STREAMS_SESSION_TIMEOUT_MS", "12000")),
                system).toConfig();
        assertEquals("15000", config.streamsOverrides().get("session.timeout.ms"));
    }

    private static Map<String, String> merge(Map<String, String> env) {
        Map<String, String> all = new java.util.HashMap<>(env);
        MinimalConfig.props().forEach((k, v) -> all.put(EnvMapping.variable(k), v));
        return all;
    }
}
