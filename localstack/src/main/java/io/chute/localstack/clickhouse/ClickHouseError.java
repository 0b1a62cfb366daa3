package io.chute.localstack.clickhouse;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A ClickHouse exception as the HTTP interface reports it: the numeric code (header
 * {@code X-ClickHouse-Exception-Code}), an HTTP status chosen like ClickHouse chooses it, and the body text
 * {@code Code: N. DB::Exception: <message>. (NAME) (version V)}.
 */
final class ClickHouseError extends RuntimeException {
    static final int SYNTAX_ERROR = 62;
    static final int UNKNOWN_SETTING = 115;
    static final int AUTHENTICATION_FAILED = 516;
    static final int UNKNOWN_EXCEPTION = 1002;

    private static final Pattern CODE = Pattern.compile("^Code: (\\d+)\\. ");
    private static final Pattern VERSION = Pattern.compile("\\(version [^)]*\\)\\s*$");

    /** HTTP statuses ClickHouse uses for some codes; everything else is 500. */
    private static final Map<Integer, Integer> STATUS = Map.ofEntries(
            Map.entry(192, 401), Map.entry(193, 401), Map.entry(194, 401), Map.entry(AUTHENTICATION_FAILED, 401),
            Map.entry(497, 403), Map.entry(164, 403),
            Map.entry(60, 404), Map.entry(81, 404), Map.entry(46, 404), Map.entry(47, 404), Map.entry(50, 404),
            Map.entry(73, 404), Map.entry(16, 404), Map.entry(36, 400),
            Map.entry(SYNTAX_ERROR, 400), Map.entry(UNKNOWN_SETTING, 400), Map.entry(6, 400), Map.entry(26, 400),
            Map.entry(27, 400), Map.entry(32, 400), Map.entry(33, 400), Map.entry(38, 400), Map.entry(41, 400),
            Map.entry(53, 400), Map.entry(69, 400), Map.entry(70, 400), Map.entry(72, 400), Map.entry(117, 400),
            Map.entry(130, 400), Map.entry(167, 400), Map.entry(168, 400), Map.entry(456, 400),
            Map.entry(457, 400), Map.entry(471, 400), Map.entry(473, 400), Map.entry(49, 500));

    private final int code;
    private final String body;

    private ClickHouseError(int code, String body) {
        super(body);
        this.code = code;
        this.body = body;
    }

    /** Wraps chDB's error text ({@code Code: N. DB::Exception: ... (NAME)}); unknown shapes get code 1002. */
    static ClickHouseError fromEngine(String engineText, String version) {
        String text = engineText.strip();
        Matcher m = CODE.matcher(text);
        int code = m.find() ? Integer.parseInt(m.group(1)) : UNKNOWN_EXCEPTION;
        if (!m.find(0)) {
            text = "Code: " + code + ". DB::Exception: " + text + ". (UNKNOWN_EXCEPTION)";
        }
        return new ClickHouseError(code, withVersion(text, version));
    }

    /** An error raised by the front itself, worded like the server's. */
    static ClickHouseError of(int code, String name, String message, String version) {
        return new ClickHouseError(code, withVersion("Code: " + code + ". DB::Exception: " + message + ". (" + name
                + ")", version));
    }

    private static String withVersion(String text, String version) {
        return VERSION.matcher(text).find() ? text : text + " (version " + version + ")";
    }

    int code() {
        return code;
    }

    int httpStatus() {
        return STATUS.getOrDefault(code, 500);
    }

    /** The response body, newline-terminated like ClickHouse's. */
    String body() {
        return body + "\n";
    }
}
