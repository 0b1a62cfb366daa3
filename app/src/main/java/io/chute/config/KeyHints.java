package io.chute.config;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Which known key an unknown one is probably a typo of ({@code clickhouse.pasword} -> {@code clickhouse.password}).
 * A key is a likely typo when it is within a small edit distance of a defined key, or when it starts with a
 * misspelt pass-through prefix ({@code stream.linger.ms} -> {@code streams.linger.ms}).
 */
public final class KeyHints {
    /** Keys chute passes on (Kafka Streams, routes, ClickHouse query settings), not defined one by one. */
    public static final List<String> PASS_THROUGH_PREFIXES = List.of(ChuteConfig.STREAMS_PREFIX,
            ChuteConfig.ROUTE_PREFIX, ClickHouseSettings.PREFIX);

    private KeyHints() {
    }

    /** True for keys of the configuration: defined ones and those under a pass-through prefix. */
    public static boolean known(String key, Collection<String> defined) {
        return defined.contains(key) || PASS_THROUGH_PREFIXES.stream().anyMatch(p -> key.startsWith(p)
                && key.length() > p.length());
    }

    /** The known key {@code key} is most likely a typo of, if any. */
    public static Optional<String> typoOf(String key, Collection<String> defined) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : defined) {
            int d = distance(key, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        if (best != null && bestDistance <= allowedDistance(key)) {
            return Optional.of(best);
        }
        int dot = key.indexOf('.');
        if (dot > 0) {
            String head = key.substring(0, dot + 1);
            for (String prefix : PASS_THROUGH_PREFIXES) {
                // one-segment prefixes only: "stream." -> "streams.", "rout." -> "route."
                if (prefix.indexOf('.') == prefix.length() - 1 && distance(head, prefix) == 1) {
                    return Optional.of(prefix + key.substring(dot + 1));
                }
            }
        }
        return Optional.empty();
    }

    /** Short keys allow one edit, longer ones two: "tabel" is a typo of "table", "dlq" is not one of "table". */
    private static int allowedDistance(String key) {
        return key.length() < 8 ? 1 : 2;
    }

    /** Optimal string alignment distance: Levenshtein plus transposition of two adjacent characters. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
