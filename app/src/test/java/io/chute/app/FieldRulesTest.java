package io.chute.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import io.chute.config.ChuteConfig;
import io.chute.config.MinimalConfig;
import io.chute.validation.FieldRule;

class FieldRulesTest {
    private static final Schema SCHEMA = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"E\",\"fields\":["
            + "{\"name\":\"id\",\"type\":[\"null\",\"string\"]},"
            + "{\"name\":\"ts\",\"type\":{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}},"
            + "{\"name\":\"country\",\"type\":\"string\"}]}");
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_000_000_000L), ZoneOffset.UTC);

    private static Properties base() {
        Properties p = new Properties();
        p.putAll(MinimalConfig.props());
        p.setProperty("source.topics", "t");
        p.setProperty("table", "events");
        return p;
    }

    private static GenericRecord record(String id, long ts, String country) {
        GenericRecord r = new GenericData.Record(SCHEMA);
        r.put("id", id);
        r.put("ts", ts);
        r.put("country", country);
        return r;
    }

    private static String firstViolation(List<FieldRule> rules, GenericRecord r) {
        return rules.stream().map(rule -> rule.check(r, CLOCK)).filter(m -> m != null).findFirst().orElse(null);
    }

    @Test
    void shouldBuildEveryConfiguredRuleWhenRulesAreSet() {
        Properties p = base();
        p.setProperty("rules.required.fields", "id");
        p.setProperty("rules.timestamp.field", "ts");
        p.setProperty("rules.timestamp.max.past.ms", "1000");
        p.setProperty("rules.timestamp.max.future.ms", "1000");
        p.setProperty("rules.string.length", "country:2:2");
        List<FieldRule> rules = FieldRules.from(new ChuteConfig(p));
        assertEquals(3, rules.size());
        assertNull(firstViolation(rules, record("x", 1_000_000_000L, "DE")));
        assertTrue(firstViolation(rules, record(null, 1_000_000_000L, "DE")).contains("id"));
        assertNotNull(firstViolation(rules, record("x", 1_000_000_000L - 5_000, "DE")));
        assertTrue(firstViolation(rules, record("x", 1_000_000_000L, "DEU")).contains("country"));
    }

    @Test
    void shouldBuildNoRuleWhenNothingIsConfigured() {
        assertEquals(List.of(), FieldRules.from(new ChuteConfig(base())));
    }

    @Test
    void shouldNameTheKeyWhenAStringLengthEntryIsMalformed() {
        Properties p = base();
        p.setProperty("rules.string.length", "country:two:2");
        ConfigException e = assertThrows(ConfigException.class, () -> new ChuteConfig(p));
        assertTrue(e.getMessage().contains("rules.string.length"), e.getMessage());
    }
}
