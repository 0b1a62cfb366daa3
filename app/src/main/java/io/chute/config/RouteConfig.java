package io.chute.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.kafka.common.config.ConfigException;

/**
 * One routing rule, from {@code route.<name>.*} keys:
 * <ul>
 *   <li>{@code table} (required) target ClickHouse table;</li>
 *   <li>{@code topics} comma list, default every source topic;</li>
 *   <li>{@code match.record} writer record full name, {@code match.subject} writer subject,
 *       {@code match.field} + {@code match.value} a top-level field's string value; all optional, all must hold.</li>
 * </ul>
 * A record goes to every table whose route matches (fan-out); several routes may name one table (fan-in).
 */
public record RouteConfig(String name, String table, List<String> topics, String matchRecord, String matchSubject,
                          String matchField, String matchValue) {
    private static final Set<String> KEYS = Set.of("table", "topics", "match.record", "match.subject",
            "match.field", "match.value");

    /** Parses every {@code route.*} key; unknown sub-keys and half-defined field matches fail fast. */
    public static List<RouteConfig> parse(ChuteConfig config) {
        Map<String, Map<String, String>> byName = new TreeMap<>();
        config.originalsWithPrefix(ChuteConfig.ROUTE_PREFIX).forEach((key, value) -> {
            int dot = key.indexOf('.');
            String sub = dot < 0 ? "" : key.substring(dot + 1);
            if (dot <= 0 || !KEYS.contains(sub)) {
                throw new ConfigException(ChuteConfig.ROUTE_PREFIX + key, value,
                        "expected route.<name>." + new java.util.TreeSet<>(KEYS));
            }
            byName.computeIfAbsent(key.substring(0, dot), k -> new TreeMap<>()).put(sub, String.valueOf(value));
        });
        List<RouteConfig> routes = new ArrayList<>();
        byName.forEach((name, keys) -> routes.add(of(name, keys, config.sourceTopics())));
        return routes;
    }

    private static RouteConfig of(String name, Map<String, String> keys, List<String> sourceTopics) {
        String prefix = ChuteConfig.ROUTE_PREFIX + name + ".";
        String table = keys.getOrDefault("table", "").trim();
        if (table.isEmpty()) {
            throw new ConfigException(prefix + "table", null, "every route needs a target table");
        }
        List<String> topics = keys.containsKey("topics")
                ? Arrays.stream(keys.get("topics").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()
                : List.copyOf(sourceTopics);
        for (String topic : topics) {
            if (!sourceTopics.contains(topic)) {
                throw new ConfigException(prefix + "topics", topic, "not one of source.topics " + sourceTopics);
            }
        }
        String field = keys.get("match.field");
        String value = keys.get("match.value");
        if ((field == null) != (value == null)) {
            throw new ConfigException(prefix + (field == null ? "match.field" : "match.value"), null,
                    "match.field and match.value go together");
        }
        return new RouteConfig(name, table, topics, keys.get("match.record"), keys.get("match.subject"), field, value);
    }
}
