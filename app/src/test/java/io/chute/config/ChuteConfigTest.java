package io.chute.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.chute.cli.ConfigLoader;

class ChuteConfigTest {

    private static Map<String, String> minimal() {
        return MinimalConfig.props();
    }

    private static ConfigException rejected(Map<String, String> props) {
        return assertThrows(ConfigException.class, () -> new ChuteConfig(props));
    }

    @Test
    void shouldAcceptMinimalConfigWhenRequiredKeysAreSet() {
        ChuteConfig config = new ChuteConfig(minimal());
        assertEquals(List.of("events", "orders"), config.sourceTopics());
        assertEquals("app", config.dedupNamespace());
        assertEquals("app-chute-ledger", config.ledgerTopic());
    }

    @ParameterizedTest
    @ValueSource(strings = {"application.id", "bootstrap.servers", "source.topics", "dlq.topic",
        "schema.registry.url", "clickhouse.url"})
    void shouldNameKeyWhenRequiredKeyIsMissing(String key) {
        Map<String, String> props = minimal();
        props.remove(key);
        ConfigException e = rejected(props);
        assertTrue(e.getMessage().contains("\"" + key + "\""), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"processing.guarantee, exactly_once", "subject.name.strategy, by-topic",
        "schema.evolution, add-all", "clickhouse.url, clickhouse:8123", "block.max.rows, 0"})
    void shouldNameKeyAndValueWhenValueIsInvalid(String key, String value) {
        Map<String, String> props = minimal();
        props.put(key, value);
        ConfigException e = rejected(props);
        assertTrue(e.getMessage().contains(key) && e.getMessage().contains(value), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "route.a.tabel=x | route.a.tabel",
        "route.a=x | route.a",
        "route.a.topics=events | route.a.table",
        "route.a.table=t,route.a.topics=payments | route.a.topics",
        "route.a.table=t,route.a.match.field=type | route.a.match.value",
        "route.a.table=t,route.a.match.value=click | route.a.match.field"})
    void shouldNameRouteKeyWhenRouteIsMalformed(String entries, String badKey) {
        Map<String, String> props = minimal();
        for (String entry : entries.split(",")) {
            String[] kv = entry.split("=", 2);
            props.put(kv[0], kv[1]);
        }
        ConfigException e = rejected(props);
        assertTrue(e.getMessage().contains(badKey), e.getMessage());
    }

    @Test
    void shouldParseRoutesInNameOrderWhenWellFormed() {
        Map<String, String> props = minimal();
        props.put("route.b.table", "clicks");
        props.put("route.b.topics", "events");
        props.put("route.b.match.field", "type");
        props.put("route.b.match.value", "click");
        props.put("route.a.table", "all");
        List<RouteConfig> routes = RouteConfig.parse(new ChuteConfig(props));
        assertEquals(List.of(new RouteConfig("a", "all", List.of("events", "orders"), null, null, null, null),
                new RouteConfig("b", "clicks", List.of("events"), null, null, "type", "click")), routes);
    }

    @Test
    void shouldMaskSecretsWhenDescribing() {
        Map<String, String> props = minimal();
        props.put("clickhouse.password", "ch-secret-1");
        props.put("schema.registry.basic.auth.user.info", "user:registry-secret-2");
        props.put("schema.registry.bearer.token", "bearer-secret-3");
        props.put("streams.ssl.keystore.password", "keystore-secret-4");
        props.put("streams.ssl.key.password", "key-secret-5");
        props.put("streams.sasl.jaas.config", "PlainLoginModule required password=\"jaas-secret-6\";");
        props.put("streams.security.protocol", "SASL_SSL");
        String text = new ChuteConfig(props).describe();

        for (String secret : List.of("ch-secret-1", "registry-secret-2", "bearer-secret-3", "keystore-secret-4",
                "key-secret-5", "jaas-secret-6")) {
            assertFalse(text.contains(secret), "describe() shows " + secret + ":\n" + text);
        }
        assertTrue(text.contains("clickhouse.password = [hidden]\n"), text);
        assertTrue(text.contains("schema.registry.basic.auth.user.info = [hidden]\n"), text);
        assertTrue(text.contains("streams.ssl.keystore.password = [hidden]\n"), text);
        assertTrue(text.contains("streams.security.protocol = SASL_SSL\n"), text);
        assertTrue(text.contains("clickhouse.url = http://clickhouse:8123\n"), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"streams.ssl.keystore.key", "streams.main.consumer.ssl.keystore.key",
        "streams.sasl.oauthbearer.assertion.private.key.passphrase", "streams.producer.ssl.truststore.password"})
    void shouldMaskClientSecretWhenKafkaDefinesItAsPassword(String key) {
        Map<String, String> props = minimal();
        props.put(key, "-----BEGIN PRIVATE KEY----- s3cr3t");
        String text = new ChuteConfig(props).describe();
        assertFalse(text.contains("s3cr3t"), text);
        assertTrue(text.contains(key + " = [hidden]\n"), text);
    }

    @Test
    void shouldPassStreamsKeysWithoutPrefixWhenConfigured() {
        Map<String, String> props = minimal();
        props.put("streams.security.protocol", "SSL");
        assertEquals(Map.of("security.protocol", "SSL"), new ChuteConfig(props).streamsOverrides());
    }

    @Test
    void shouldLayerFileThenEnvThenSystemPropertiesWhenLoading(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("chute.properties");
        StringBuilder text = new StringBuilder();
        minimal().forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        text.append("clickhouse.user=from-file\ntable=file_table\nblock.max.rows=10\n"
                + "insert.max.in.flight.per.partition=3\n");
        Files.writeString(file, text);
        Map<String, String> env = Map.of("CHUTE_CLICKHOUSE_USER", "from-env", "CHUTE_BLOCK_MAX_ROWS", "20",
                "CHUTE_INSERT_MAX_IN_FLIGHT_PER_PARTITION", "4", "CHUTE_CLICKHOUSE_PASSWORD", "env-secret",
                "OTHER_BLOCK_MAX_ROWS", "99");
        Properties system = new Properties();
        system.setProperty("chute.block.max.rows", "30");
        system.setProperty("chute.streams.linger.ms", "7");
        system.setProperty("block.max.rows", "99");

        ChuteConfig config = ConfigLoader.load(file, env, system);

        assertEquals("from-env", config.getString(ChuteConfig.CLICKHOUSE_USER_CONFIG));
        assertEquals(30, config.getInt(ChuteConfig.BLOCK_MAX_ROWS_CONFIG));
        assertEquals("file_table", config.getString(ChuteConfig.TABLE_CONFIG));
        assertEquals(4, config.getInt(ChuteConfig.INSERT_MAX_IN_FLIGHT_CONFIG));
        assertEquals("env-secret", config.getPassword(ChuteConfig.CLICKHOUSE_PASSWORD_CONFIG).value());
        assertEquals(Map.of("linger.ms", "7"), config.streamsOverrides());
    }

    @Test
    void shouldLoadFromEnvAloneWhenNoFileIsGiven() throws IOException {
        Map<String, String> env = new HashMap<>();
        minimal().forEach((k, v) -> env.put("CHUTE_" + k.toUpperCase().replace('.', '_'), v));
        ChuteConfig config = ConfigLoader.load(null, env, new Properties());
        assertEquals("app", config.applicationId());
    }

    @Test
    void shouldNameKeyWhenLayeredValueIsBad() {
        Properties system = new Properties();
        minimal().forEach((k, v) -> system.setProperty("chute." + k, v));
        system.setProperty("chute.commit.interval.ms", "soon");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(null, Map.of(), system));
        assertTrue(e.getMessage().contains("commit.interval.ms"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-2"})
    void shouldNameKeyWhenInsertMaxAttemptsIsNeitherForeverNorPositive(String value) {
        Map<String, String> props = minimal();
        props.put(ChuteConfig.INSERT_MAX_ATTEMPTS_CONFIG, value);
        ConfigException e = rejected(props);
        assertTrue(e.getMessage().contains(ChuteConfig.INSERT_MAX_ATTEMPTS_CONFIG)
                && e.getMessage().contains("-1 (retry forever)"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"-1, -1", "1, 1", "7, 7"})
    void shouldKeepInsertMaxAttemptsWhenForeverOrPositive(String value, int expected) {
        Map<String, String> props = minimal();
        props.put(ChuteConfig.INSERT_MAX_ATTEMPTS_CONFIG, value);
        assertEquals(expected, new ChuteConfig(props).insertMaxAttempts());
    }

    @Test
    void shouldRetryForeverWhenInsertMaxAttemptsIsNotSet() {
        assertEquals(ChuteConfig.INSERT_RETRY_FOREVER, new ChuteConfig(minimal()).insertMaxAttempts());
    }

    @Test
    void shouldNameBackoffCapWhenItIsBelowTheFirstDelay() {
        Map<String, String> props = minimal();
        props.put(ChuteConfig.INSERT_BACKOFF_MS_CONFIG, "500");
        props.put(ChuteConfig.INSERT_BACKOFF_MAX_MS_CONFIG, "200");
        ConfigException e = rejected(props);
        assertTrue(e.getMessage().contains(ChuteConfig.INSERT_BACKOFF_MAX_MS_CONFIG) && e.getMessage().contains("200"),
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-2"})
    void shouldNameKeyWhenLedgerReplicationIsNeitherBrokerDefaultNorPositive(String value) {
        Map<String, String> props = minimal();
        props.put(ChuteConfig.LEDGER_REPLICATION_CONFIG, value);
        ConfigException e = rejected(props);
        assertTrue(e.getMessage().contains(ChuteConfig.LEDGER_REPLICATION_CONFIG), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(SchemaEvolution.class)
    void shouldParseSchemaEvolutionWhenSetToItsValue(SchemaEvolution evolution) {
        Map<String, String> props = minimal();
        props.put(ChuteConfig.SCHEMA_EVOLUTION_CONFIG, evolution.configValue());
        assertEquals(evolution, new ChuteConfig(props).schemaEvolution());
    }

    @Test
    void shouldIgnoreNewFieldsWhenSchemaEvolutionIsNotSet() {
        assertEquals(SchemaEvolution.IGNORE, new ChuteConfig(minimal()).schemaEvolution());
    }

    @ParameterizedTest
    @CsvSource({"exactly_once_v2, true", "at_least_once, false"})
    void shouldTellExactlyOnceWhenGuaranteeIsSet(String guarantee, boolean exactlyOnce) {
        Map<String, String> props = minimal();
        props.put(ChuteConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        assertEquals(exactlyOnce, new ChuteConfig(props).exactlyOnce());
    }

    @Test
    void shouldListEveryKeyUnderANamedGroupWhenDefined() {
        ChuteConfig.definition().configKeys().values().forEach(key -> {
            assertTrue(key.group != null && ConfigDocs.groupNames().contains(key.group), key.name + ": " + key.group);
            assertFalse(key.documentation == null || key.documentation.isBlank(), key.name);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"country:5:2", "country:0:99999999999", "country:2"})
    void shouldNameKeyAndEntryWhenStringLengthIsNotABound(String entry) {
        Map<String, String> props = minimal();
        props.put(ChuteConfig.RULES_STRING_LENGTH_CONFIG, entry);
        ConfigException e = rejected(props);
        assertTrue(e.getMessage().contains(ChuteConfig.RULES_STRING_LENGTH_CONFIG) && e.getMessage().contains(entry),
                e.getMessage());
    }

    @Test
    void shouldParseStringLengthBoundsWhenWellFormed() {
        Map<String, String> props = minimal();
        props.put(ChuteConfig.RULES_STRING_LENGTH_CONFIG, "country:2:2,payload:0:4096");
        assertEquals(List.of(new StringLengthBound("country", 2, 2), new StringLengthBound("payload", 0, 4096)),
                new ChuteConfig(props).stringLengthBounds());
    }

    @Test
    void shouldListGroupsInTheReadmeOrderWhenDescribing() {
        // README ("Running it against real servers") names the groups of `chute config --describe` in this order
        assertEquals(List.of("Kafka", "registry", "ClickHouse", "blocks", "insert", "ledger", "validation", "evolution",
                "ops"), List.copyOf(ConfigDocs.groupNames()));
    }
}
