package io.chute.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every problem of a configuration at once, with the key, where the value came from and a hint. */
class ConfigSourcesTest {

    private static Path file(Path dir, Map<String, String> props) throws Exception {
        StringBuilder text = new StringBuilder();
        props.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Path file = dir.resolve("chute.properties");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void shouldReportMissingBadAndMisspeltKeysTogetherWhenAllThreeOccur(@TempDir Path dir) throws Exception {
        Map<String, String> props = MinimalConfig.props();
        props.remove("dlq.topic");
        props.put("commit.interval.ms", "10");
        props.put("clickhouse.pasword", "x");
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> ConfigSources.read(file(dir, props), Map.of(), new Properties()).toConfig());
        assertEquals(3, e.problems().size(), e.report());
        assertTrue(e.problems().contains("clickhouse.pasword (chute.properties): unknown key; did you mean "
                + "clickhouse.password?"), e.report());
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("dlq.topic: missing (required, no default): "
                + "Dead-letter topic")), e.report());
        assertTrue(e.problems().contains("commit.interval.ms = '10' (chute.properties): Value must be at least 100; "
                + "valid: [100,...,600000]"), e.report());
    }

    @Test
    void shouldHintTheKnownKeyWhenAKeyIsOneOrTwoEditsAway() {
        List<String> defined = List.copyOf(ChuteConfig.definition().names());
        assertEquals(Optional.of("clickhouse.password"), KeyHints.typoOf("clickhouse.pasword", defined));
        assertEquals(Optional.of("bootstrap.servers"), KeyHints.typoOf("bootstrap.server", defined));
        assertEquals(Optional.of("block.max.rows"), KeyHints.typoOf("block.max.rwos", defined));
        assertEquals(Optional.of("table"), KeyHints.typoOf("tabel", defined));
        assertEquals(Optional.of("streams.linger.ms"), KeyHints.typoOf("stream.linger.ms", defined));
        assertEquals(Optional.of("route.eu.table"), KeyHints.typoOf("rout.eu.table", defined));
        assertEquals(Optional.empty(), KeyHints.typoOf("localstack.clickhouse", defined));
        assertEquals(Optional.empty(), KeyHints.typoOf("demo.log", defined));
    }

    @Test
    void shouldWarnButAcceptWhenAnUnknownKeyIsNoTypo(@TempDir Path dir) throws Exception {
        Map<String, String> props = MinimalConfig.props();
        props.put("owner.team", "data");
        ConfigSources sources = ConfigSources.read(file(dir, props), Map.of(), new Properties());
        assertEquals("app", sources.toConfig().applicationId());
        assertEquals(List.of("owner.team (chute.properties): unknown key, ignored"), sources.warnings());
    }

    @Test
    void shouldNameTheVariableToUseWhenAnEnvironmentVariableIsMisspelt() {
        Map<String, String> env = new java.util.HashMap<>();
        MinimalConfig.props().forEach((k, v) -> env.put(EnvMapping.variable(k), v));
        env.put("CHUTE_CLICKHOUSE_PASWORD", "secret");
        env.put("CHUTE_JAVA_OPTS", "-Xmx1g");
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> ConfigSources.read(null, env, new Properties()).toConfig());
        assertEquals(List.of("CHUTE_CLICKHOUSE_PASWORD: sets unknown key clickhouse.pasword; did you mean "
                + "CHUTE_CLICKHOUSE_PASSWORD?"), e.problems());
        assertFalse(e.report().contains("secret"));
    }

    @Test
    void shouldIgnoreSystemPropertiesThatAreNoConfigurationWhenLayering() {
        Properties system = new Properties();
        MinimalConfig.props().forEach((k, v) -> system.setProperty("chute." + k, v));
        system.setProperty("chute.localstack.clickhouse", "false");
        system.setProperty("chute.demo.log", "/tmp/demo.log");
        ConfigSources sources = ConfigSources.read(null, Map.of(), system);
        assertEquals("app", sources.toConfig().applicationId());
        assertFalse(sources.values().containsKey("localstack.clickhouse"));
        assertEquals("-Dchute.application.id", sources.origin("application.id"));
    }

    @Test
    void shouldNameThePropertyToUseWhenASystemPropertyIsMisspelt() {
        Properties system = withSystem(MinimalConfig.props());
        system.setProperty("chute.block.max.rwos", "10");
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> ConfigSources.read(null, Map.of(), system).toConfig());
        assertEquals(List.of("-Dchute.block.max.rwos: sets unknown key block.max.rwos; did you mean "
                + "-Dchute.block.max.rows?"), e.problems());
    }

    @Test
    void shouldSayTheFileIsMissingAndStillCheckTheRestWhenTheFileDoesNotExist(@TempDir Path dir) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> ConfigSources.read(
                dir.resolve("nope.properties"), Map.of("CHUTE_BLOCK_MAX_ROWS", "0"), new Properties()).toConfig());
        assertEquals("config file " + dir.resolve("nope.properties") + " does not exist", e.problems().get(0));
        assertTrue(e.problems().contains("block.max.rows = '0' (environment CHUTE_BLOCK_MAX_ROWS): Value must be at "
                + "least 1; valid: [1,...,10000000]"), e.report());
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("application.id: missing")), e.report());
    }

    @Test
    void shouldReportRouteProblemsWhenEveryKeyIsValid() {
        Map<String, String> props = MinimalConfig.props();
        props.put("route.eu.topics", "events");
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> ConfigSources.read(null,
                Map.of(), withSystem(props)).toConfig());
        assertEquals(1, e.problems().size(), e.report());
        assertTrue(e.problems().get(0).contains("route.eu"), e.report());
    }

    private static Properties withSystem(Map<String, String> props) {
        Properties system = new Properties();
        props.forEach((k, v) -> system.setProperty("chute." + k, v));
        return system;
    }
}
