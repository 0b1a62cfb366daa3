package io.chute.localstack.clickhouse;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The parameters of one request to ClickHouse's HTTP interface, sorted into what the HTTP layer consumes (query text,
 * database, format, compression, credentials, query id), ClickHouse settings (applied to that query only) and
 * {@code param_*} query parameters.
 *
 * @param urlQuery   the {@code query} URL parameter, or null
 * @param settings   URL parameters that are ClickHouse settings, in request order
 * @param parameters {@code param_<name>} values keyed by name
 */
record HttpQueryRequest(String urlQuery, String database, String format, String formatOrNull, boolean compress,
        boolean decompress, boolean httpCompression, String queryId, String user, String password,
        Map<String, String> settings, Map<String, String> parameters) {

    static final String DEFAULT_FORMAT = "TabSeparated";

    /** URL parameters that steer the HTTP layer or the client, never passed to the engine as settings. */
    static final Set<String> CLIENT_PARAMS = Set.of("query", "database", "default_format", "compress", "decompress",
            "query_id", "session_id", "session_timeout", "session_check", "user", "password", "quota_key",
            "enable_http_compression", "extremes", "wait_end_of_query", "buffer_size", "stacktrace",
            "with_stacktrace", "send_progress_in_http_headers", "http_headers_progress_interval_ms",
            "http_zlib_compression_level", "http_native_compression_disable_checksumming_on_decompress",
            "client_protocol_version", "role", "default_role", "close_session", "http_response_headers");

    /**
     * @param rawQuery the raw (still percent-encoded) URL query string, may be null
     * @param header   request header lookup by name (case-insensitive), returning null when absent
     */
    static HttpQueryRequest parse(String rawQuery, Function<String, String> header) {
        Map<String, String> url = decode(rawQuery);
        Map<String, String> settings = new LinkedHashMap<>();
        Map<String, String> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : url.entrySet()) {
            String name = e.getKey();
            if (name.startsWith("param_")) {
                parameters.put(name.substring("param_".length()), e.getValue());
            } else if (!CLIENT_PARAMS.contains(name)) {
                settings.put(name, e.getValue());
            }
        }
        String[] credentials = credentials(url, header);
        String format = firstNonEmpty(url.get("default_format"), header.apply("X-ClickHouse-Format"));
        return new HttpQueryRequest(url.get("query"),
                firstNonEmpty(url.get("database"), header.apply("X-ClickHouse-Database")),
                format == null ? DEFAULT_FORMAT : format, format,
                isTrue(url.get("compress")), isTrue(url.get("decompress")),
                isTrue(url.get("enable_http_compression")),
                url.get("query_id"), credentials[0], credentials[1],
                Collections.unmodifiableMap(settings), Collections.unmodifiableMap(parameters));
    }

    /** User and password from basic auth, {@code X-ClickHouse-User/Key} headers or URL parameters; default user. */
    private static String[] credentials(Map<String, String> url, Function<String, String> header) {
        String authorization = header.apply("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? new String[] {decoded, ""}
                    : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        }
        String user = firstNonEmpty(header.apply("X-ClickHouse-User"), url.get("user"));
        String key = header.apply("X-ClickHouse-Key");
        String password = key != null ? key : url.get("password");
        return new String[] {user == null ? "default" : user, password == null ? "" : password};
    }

    static Map<String, String> decode(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(name, value);
        }
        return out;
    }

    private static boolean isTrue(String v) {
        return v != null && List.of("1", "true").contains(v.toLowerCase(java.util.Locale.ROOT));
    }

    private static String firstNonEmpty(String a, String b) {
        return a != null && !a.isEmpty() ? a : b != null && !b.isEmpty() ? b : null;
    }
}
