package io.chute.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.config.ConfigDef;

/**
 * {@code chute config --describe}: every key with its type, default, valid values and doc, under the group its
 * definition names ({@link ChuteConfigDef}), groups and keys in definition order; a key defined without a group
 * lands in "ops".
 */
public final class ConfigDocs {
    private static final int WIDTH = 100;
    private static final String DEFAULT_GROUP = "ops";
    private static final ConfigDef DEFINITION = ChuteConfig.definition();

    private ConfigDocs() {
    }

    /** The group {@code key} is listed under. */
    public static String groupOf(String key) {
        ConfigDef.ConfigKey defined = DEFINITION.configKeys().get(key);
        return defined == null || defined.group == null ? DEFAULT_GROUP : defined.group;
    }

    /** The whole listing. */
    public static String describe() {
        Map<String, List<ConfigDef.ConfigKey>> byGroup = new LinkedHashMap<>();
        groupNames().forEach(g -> byGroup.put(g, new ArrayList<>()));
        DEFINITION.configKeys().values().forEach(k -> byGroup.get(groupOf(k.name)).add(k));
        StringBuilder out = new StringBuilder();
        byGroup.forEach((group, keys) -> {
            if (!keys.isEmpty()) {
                out.append("== ").append(group).append(" ==\n");
                keys.forEach(k -> describe(out, k));
                out.append('\n');
            }
        });
        out.append("== pass-through prefixes ==\n");
        passThrough(out, "streams.<key>", "Any Kafka Streams, consumer, producer or admin setting, passed on without "
                + "the prefix (streams.security.protocol=SASL_SSL, streams.consumer.session.timeout.ms=10000).");
        passThrough(out, "route.<name>.table|topics|match.<field>", "Routes records to several tables; see README "
                + "\"Routing\".");
        out.append('\n').append("Every key can be set by an environment variable: CHUTE_ + the key upper-cased, with "
                + "'.' -> '_', '_' -> '__', '-' -> '___' (CHUTE_CLICKHOUSE_PASSWORD, "
                + "CHUTE_STREAMS_SESSION_TIMEOUT_MS, CHUTE_ROUTE_EU__ORDERS_TABLE for route.eu_orders.table), or by "
                + "-Dchute.<key>=...; precedence: file < environment < -D.\n");
        return out.toString();
    }

    private static void describe(StringBuilder out, ConfigDef.ConfigKey key) {
        out.append(key.name).append("  (").append(type(key));
        if (!key.hasDefault()) {
            out.append(", required");
        } else {
            out.append(", default ").append(defaultText(key));
        }
        if (key.validator != null) {
            out.append(", valid: ").append(key.validator);
        }
        out.append(")\n");
        wrap(out, key.documentation);
    }

    private static void passThrough(StringBuilder out, String pattern, String doc) {
        out.append(pattern).append('\n');
        wrap(out, doc);
    }

    private static String type(ConfigDef.ConfigKey key) {
        String type = key.type.name().toLowerCase(Locale.ROOT);
        return key.type == ConfigDef.Type.PASSWORD ? type + ", secret" : type;
    }

    private static String defaultText(ConfigDef.ConfigKey key) {
        Object value = key.defaultValue;
        if (value == null) {
            return "none";
        }
        if (value instanceof List<?> list) {
            return list.isEmpty() ? "\"\"" : String.join(",", list.stream().map(Object::toString).toList());
        }
        String text = key.type == ConfigDef.Type.PASSWORD ? "" : value.toString();
        return text.isEmpty() ? "\"\"" : text;
    }

    private static void wrap(StringBuilder out, String text) {
        StringBuilder line = new StringBuilder("    ");
        for (String word : String.valueOf(text).split(" ")) {
            if (line.length() + word.length() + 1 > WIDTH && line.length() > 4) {
                out.append(line).append('\n');
                line = new StringBuilder("    ");
            }
            line.append(line.length() > 4 ? " " : "").append(word);
        }
        out.append(line).append('\n');
    }

    /** Group names in listing order. */
    public static Set<String> groupNames() {
        Set<String> names = new LinkedHashSet<>(DEFINITION.groups());
        names.add(DEFAULT_GROUP);
        return names;
    }
}
