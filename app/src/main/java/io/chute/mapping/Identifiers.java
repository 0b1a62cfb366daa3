package io.chute.mapping;

import java.util.regex.Pattern;

/**
 * Quoting for ClickHouse statements built as text: the one place that escapes identifiers and string literals
 * (backslash escapes, as ClickHouse prints them). In {@code mapping}, the lowest package whose users (mapping's own
 * type printer, sink, ops) may all import it.
 */
public final class Identifiers {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private Identifiers() {
    }

    /** Always back-quoted, escaping backslashes and back-quotes: safe for any name, including an empty one. */
    public static String quote(String identifier) {
        return '`' + identifier.replace("\\", "\\\\").replace("`", "\\`") + '`';
    }

    /** As ClickHouse prints a name: bare when it is a plain identifier, else {@link #quote back-quoted}. */
    public static String quoteIfNeeded(String identifier) {
        return PLAIN.matcher(identifier).matches() ? identifier : quote(identifier);
    }

    /** {@code `database`.`table`}, or just {@code `table`} when the database is null (the session's). */
    public static String qualified(String database, String table) {
        return database == null ? quote(table) : quote(database) + '.' + quote(table);
    }

    /** A single-quoted string literal. */
    public static String literal(String value) {
        return '\'' + value.replace("\\", "\\\\").replace("'", "\\'") + '\'';
    }
}
