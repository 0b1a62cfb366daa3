package io.chute.config;

import java.util.Locale;
import java.util.Optional;

/**
 * How a {@code CHUTE_*} environment variable names a configuration key: the rule of Kafka's own Docker images
 * (apache/kafka, confluentinc/cp-kafka), so one convention serves both. After the {@code CHUTE_} prefix the name
 * is lower-cased and its runs of underscores, read left to right taking the longest run first, become:
 * {@code ___} a dash, {@code __} an underscore, {@code _} a dot. Examples:
 * <ul>
 *   <li>{@code CHUTE_CLICKHOUSE_PASSWORD} -> {@code clickhouse.password}</li>
 *   <li>{@code CHUTE_STREAMS_SESSION_TIMEOUT_MS} -> {@code streams.session.timeout.ms} (Streams' {@code
 *       session.timeout.ms})</li>
 *   <li>{@code CHUTE_ROUTE_EU__ORDERS_TABLE} -> {@code route.eu_orders.table}</li>
 *   <li>{@code CHUTE_ROUTE_EU___ORDERS_TABLE} -> {@code route.eu-orders.table}</li>
 * </ul>
 * The rule is a bijection between lower-case keys and variable names, so a variable means exactly one key and no
 * precedence between "defined" and "prefixed" keys is needed. What it cannot express: upper-case letters (a route
 * named {@code EU} needs the file or {@code -Dchute.route.EU.table}) and four or more underscores in a row.
 */
public final class EnvMapping {
    public static final String PREFIX = "CHUTE_";

    private EnvMapping() {
    }

    /** The key a variable sets, or empty when the name does not start with {@code CHUTE_} or has nothing after it. */
    public static Optional<String> key(String variable) {
        if (!variable.startsWith(PREFIX) || variable.length() == PREFIX.length()) {
            return Optional.empty();
        }
        String rest = variable.substring(PREFIX.length()).toLowerCase(Locale.ROOT);
        StringBuilder key = new StringBuilder(rest.length());
        int i = 0;
        while (i < rest.length()) {
            char c = rest.charAt(i);
            if (c != '_') {
                key.append(c);
                i++;
                continue;
            }
            int run = 0;
            while (i + run < rest.length() && rest.charAt(i + run) == '_' && run < 3) {
                run++;
            }
            key.append(run == 3 ? '-' : run == 2 ? '_' : '.');
            i += run;
        }
        return Optional.of(key.toString());
    }

    /** The variable that sets {@code key} (the inverse of {@link #key}). */
    public static String variable(String key) {
        StringBuilder name = new StringBuilder(PREFIX);
        for (char c : key.toCharArray()) {
            switch (c) {
                case '-' -> name.append("___");
                case '_' -> name.append("__");
                case '.' -> name.append('_');
                default -> name.append(Character.toUpperCase(c));
            }
        }
        return name.toString();
    }
}
