package io.chute.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recursive-descent parser for ClickHouse type strings as {@code DESCRIBE TABLE} returns them. Unknown type names
 * become {@link ClickHouseType.Unsupported} (kept verbatim) so that a table with exotic columns can still be
 * described; encoding such a column is then a configuration error.
 */
public final class ClickHouseTypeParser {
    private final String text;
    private int pos;

    private ClickHouseTypeParser(String text) {
        this.text = text;
    }

    /**
     * Parses one type.
     *
     * @throws IllegalArgumentException malformed text, with the position
     */
    public static ClickHouseType parse(String text) {
        ClickHouseTypeParser p = new ClickHouseTypeParser(text);
        ClickHouseType type = p.type();
        p.skipSpaces();
        if (p.pos != text.length()) {
            throw p.error("unexpected trailing text");
        }
        return type;
    }

    private ClickHouseType type() {
        skipSpaces();
        int start = pos;
        String name = word();
        skipSpaces();
        boolean hasArgs = peek() == '(';
        switch (name) {
            case "Nullable":
                return new ClickHouseType.Nullable(single());
            case "LowCardinality":
                return new ClickHouseType.LowCardinality(single());
            case "Array":
                return new ClickHouseType.Array(single());
            case "Map": {
                expect('(');
                ClickHouseType key = type();
                expect(',');
                ClickHouseType value = type();
                expect(')');
                return new ClickHouseType.MapType(key, value);
            }
            case "Tuple":
                return tuple();
            case "Decimal":
            case "Decimal32":
            case "Decimal64":
            case "Decimal128":
            case "Decimal256":
                return decimal(name);
            case "FixedString": {
                expect('(');
                int n = number();
                expect(')');
                return new ClickHouseType.FixedString(n);
            }
            case "DateTime":
                return dateTime(hasArgs);
            case "DateTime64":
                return dateTime64();
            case "Enum8":
            case "Enum16":
                return enumType(name.equals("Enum8") ? 8 : 16);
            case "Boolean":
                return new ClickHouseType.Simple(ClickHouseType.Kind.Bool);
            default:
                return simpleOrUnsupported(name, start, hasArgs);
        }
    }

    /** {@code Decimal(P, S)} or {@code Decimal32..256(S)}, whose precision the name fixes. */
    private ClickHouseType decimal(String name) {
        expect('(');
        if (name.equals("Decimal")) {
            int p = number();
            int s = 0;
            skipSpaces();
            if (peek() == ',') {
                pos++;
                s = number();
            }
            expect(')');
            return new ClickHouseType.Decimal(p, s);
        }
        int s = number();
        expect(')');
        int p = switch (name) {
            case "Decimal32" -> 9;
            case "Decimal64" -> 18;
            case "Decimal128" -> 38;
            default -> 76;
        };
        return new ClickHouseType.Decimal(p, s);
    }

    private ClickHouseType dateTime(boolean hasArgs) {
        if (!hasArgs) {
            return new ClickHouseType.DateTime(null);
        }
        expect('(');
        String tz = string();
        expect(')');
        return new ClickHouseType.DateTime(tz);
    }

    private ClickHouseType dateTime64() {
        expect('(');
        int precision = number();
        String tz = null;
        skipSpaces();
        if (peek() == ',') {
            pos++;
            tz = string();
        }
        expect(')');
        return new ClickHouseType.DateTime64(precision, tz);
    }

    private ClickHouseType simpleOrUnsupported(String name, int start, boolean hasArgs) {
        if (!hasArgs) {
            for (ClickHouseType.Kind kind : ClickHouseType.Kind.values()) {
                if (kind.name().equals(name)) {
                    return new ClickHouseType.Simple(kind);
                }
            }
            return new ClickHouseType.Unsupported(name);
        }
        skipBalanced();
        return new ClickHouseType.Unsupported(text.substring(start, pos).trim());
    }

    private ClickHouseType single() {
        expect('(');
        ClickHouseType inner = type();
        expect(')');
        return inner;
    }

    private ClickHouseType tuple() {
        expect('(');
        List<String> names = new ArrayList<>();
        List<ClickHouseType> elements = new ArrayList<>();
        boolean named = false;
        do {
            skipSpaces();
            int save = pos;
            String first = peek() == '`' ? quotedIdentifier() : word();
            skipSpaces();
            char next = peek();
            if (next != '(' && next != ',' && next != ')') {
                named = true;
                names.add(first);
                elements.add(type());
            } else {
                pos = save;
                elements.add(type());
            }
            skipSpaces();
        } while (tryConsume(','));
        expect(')');
        if (named && names.size() != elements.size()) {
            throw error("tuple mixes named and unnamed elements");
        }
        return new ClickHouseType.Tuple(named ? names : null, elements);
    }

    private ClickHouseType enumType(int bits) {
        expect('(');
        Map<String, Integer> values = new LinkedHashMap<>();
        do {
            String name = string();
            expect('=');
            skipSpaces();
            boolean negative = tryConsume('-');
            int value = number();
            values.put(name, negative ? -value : value);
            skipSpaces();
        } while (tryConsume(','));
        expect(')');
        return new ClickHouseType.Enum(bits, values);
    }

    private String word() {
        skipSpaces();
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a name");
        }
        return text.substring(start, pos);
    }

    private String quotedIdentifier() {
        return quoted('`');
    }

    private String string() {
        skipSpaces();
        return quoted('\'');
    }

    private String quoted(char q) {
        if (peek() != q) {
            throw error("expected " + q);
        }
        pos++;
        StringBuilder b = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '\\' && pos < text.length()) {
                b.append(text.charAt(pos++));
            } else if (c == q) {
                return b.toString();
            } else {
                b.append(c);
            }
        }
        throw error("unterminated quoted text");
    }

    private int number() {
        skipSpaces();
        int start = pos;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a number");
        }
        return Integer.parseInt(text.substring(start, pos));
    }

    private void skipBalanced() {
        int depth = 0;
        char quote = 0;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (quote != 0) {
                if (c == '\\') {
                    pos++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '`') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return;
            }
        }
        throw error("unbalanced parentheses");
    }

    private void expect(char c) {
        skipSpaces();
        if (!tryConsume(c)) {
            throw error("expected '" + c + "'");
        }
    }

    private boolean tryConsume(char c) {
        skipSpaces();
        if (peek() == c) {
            pos++;
            return true;
        }
        return false;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at position " + pos + " in ClickHouse type '" + text + "'");
    }
}
