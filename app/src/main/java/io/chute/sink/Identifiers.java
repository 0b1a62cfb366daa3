package io.chute.sink;

/** Quoting of ClickHouse identifiers for statements built as text. */
final class Identifiers {

    private Identifiers() {
    }

    /** Back-quotes an identifier, escaping backslashes and back-quotes. */
    static String quote(String identifier) {
        return '`' + identifier.replace("\\", "\\\\").replace("`", "\\`") + '`';
    }

    /** A single-quoted string literal. */
    static String literal(String value) {
        return '\'' + value.replace("\\", "\\\\").replace("'", "\\'") + '\'';
    }
}
