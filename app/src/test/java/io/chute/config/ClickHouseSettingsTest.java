package io.chute.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClickHouseSettingsTest {

    private static ChuteConfig config(String key, String value) {
        Map<String, String> props = MinimalConfig.props();
        props.put(key, value);
        return new ChuteConfig(props);
    }

    @Test
    void shouldPinTheExactnessSettingsWhenTheUserSetsNothing() {
        Map<String, String> sent = new ChuteConfig(MinimalConfig.props()).clickHouseSettings().asMap();
        assertEquals(Map.of("async_insert", "0", "insert_deduplicate", "1",
                "deduplicate_blocks_in_dependent_materialized_views", "1"), sent);
    }

    @Test
    void shouldPassHarmlessSettingsThroughWhenConfigured() {
        Map<String, String> sent = config("clickhouse.settings.insert_quorum", "2").clickHouseSettings().asMap();
        assertEquals("2", sent.get("insert_quorum"));
        assertEquals("0", sent.get("async_insert"));
        assertTrue(config("clickhouse.settings.insert_quorum", "2").describe()
                .contains("clickhouse.settings.insert_quorum = 2"));
    }

    @ParameterizedTest
    @CsvSource({"async_insert, 1", "insert_deduplicate, 0", "deduplicate_blocks_in_dependent_materialized_views, 0",
        "deduplicate_insert, disable", "materialized_views_ignore_errors, 1", "insert_deduplication_token, x",
        "max_insert_block_size, 1000", "min_insert_block_size_rows, 10", "bad-name, 1"})
    void shouldRefuseNamingTheKeyWhenASettingWouldBreakExactness(String name, String value) {
        ConfigException e = assertThrows(ConfigException.class, () -> config("clickhouse.settings." + name, value));
        assertTrue(e.getMessage().contains("clickhouse.settings." + name), e.getMessage());
    }

    @Test
    void shouldAcceptAPinnedSettingWhenItRepeatsThePinnedValue() {
        assertEquals("0", config("clickhouse.settings.async_insert", "0").clickHouseSettings().asMap()
                .get("async_insert"));
    }

    @Test
    void shouldAddDeduplicateInsertOnlyWhenTheServerKnowsIt() {
        ClickHouseSettings settings = ClickHouseSettings.of(Map.of());
        assertFalse(settings.withServerSettings(false).asMap().containsKey("deduplicate_insert"));
        assertEquals("enable", settings.withServerSettings(true).asMap().get("deduplicate_insert"));
    }
}
