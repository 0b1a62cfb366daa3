package io.chute.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

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
    /** The sub-keys of {@code route.<name>.}. */
    public static final String TABLE = "table";
    public static final String TOPICS = "topics";
    public static final String MATCH_RECORD = "match.record";
    public static final String MATCH_SUBJECT = "match.subject";
    public static final String MATCH_FIELD = "match.field";
    public static final String MATCH_VALUE = "match.value";
    private static final Set<String> KEYS = Set.of(TABLE, TOPICS, MATCH_RECORD, MATCH_SUBJECT, MATCH_FIELD,
            MATCH_VALUE);

    /** Parses every {@code route.*} key; unknown sub-keys and half-defined field matches fail fast. */
    public static List<RouteConfig> parse(ChuteConfig config) {
        Map<String, Map<String, String>> byName = new TreeMap<>();
        config.originalsWithPrefix(ChuteConfig.ROUTE_PREFIX).forEach((key, value) -> {
            int dot = key.indexOf('.');
            String sub = dot < 0 ? "" : key.substring(dot + 1);
            if (dot <= 0 || !KEYS.contains(sub)) {
                throw new ConfigException(ChuteConfig.ROUTE_PREFIX + key, value,
                        "expected route.<name>." + new TreeSet<>(KEYS));
            }
            byName.computeIfAbsent(key.substring(0, dot), k -> new TreeMap<>()).put(sub, String.valueOf(value));
        });
        List<RouteConfig> routes = new ArrayList<>();
        byName.forEach((name, keys) -> routes.add(of(name, keys, config.sourceTopics())));
        return routes;
    }

    private static RouteConfig of(String name, Map<String, String> keys, List<String> sourceTopics) {
        String prefix = ChuteConfig.ROUTE_PREFIX + name + ".";
        String table = keys.getOrDefault(TABLE, "").trim();
        if (table.isEmpty()) {
            throw new ConfigException(prefix + TABLE, null, "every route needs a target table");
        }
        List<String> topics = keys.containsKey(TOPICS)
                ? Arrays.stream(keys.get(TOPICS).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()
                : List.copyOf(sourceTopics);
        for (String topic : topics) {
            if (!sourceTopics.contains(topic)) {
                throw new ConfigException(prefix + TOPICS, topic, "not one of source.topics " + sourceTopics);
            }
        }
        String field = keys.get(MATCH_FIELD);
        String value = keys.get(MATCH_VALUE);
        if ((field == null) != (value == null)) {
            throw new ConfigException(prefix + (field == null ? MATCH_FIELD : MATCH_VALUE), null,
                    MATCH_FIELD + " and " + MATCH_VALUE + " go together");
        }
        return new RouteConfig(name, table, topics, keys.get(MATCH_RECORD), keys.get(MATCH_SUBJECT), field, value);
    }
}
