package io.chute.localstack.clickhouse;

/**
 * Splits the text of an HTTP request (URL {@code query}, a newline, then the body) into the SQL statement and the data
 * that follows an {@code INSERT ... FORMAT <name>} or {@code INSERT ... VALUES}, the way ClickHouse's parser does.
 *
 * <p>A small lexer: it knows quoted strings and identifiers, comments and parentheses, so a {@code FORMAT} inside a
 * string, a column list or a table function is not taken for the clause. It works on bytes (the data after the clause
 * may be binary) and never looks at the data.
 */
final class QuerySplitter {

    /** What the bytes seen so far are. */
    enum Kind {
        /** The whole input is one SQL text (not an INSERT with inline data). */
        QUERY,
        /** An INSERT whose data starts at {@link Split#dataStart()}. */
        INSERT_DATA,
        /** The input ended before a decision was possible: read more. */
        NEED_MORE
    }

    /**
     * @param queryEnd  end of the statement text for an INSERT (exclusive, before FORMAT/VALUES)
     * @param dataStart first data byte for an INSERT
     * @param format    input format of the INSERT data ({@code Values} for VALUES), or the trailing
     *                  {@code FORMAT} of a query (null if none)
     */
    record Split(Kind kind, int queryEnd, int dataStart, String format) {
    }

    private QuerySplitter() {
    }

    /**
     * @param text bytes of the request text seen so far
     * @param len  number of valid bytes
     * @param eof  whether {@code len} bytes are all there is
     */
    static Split split(byte[] text, int len, boolean eof) {
        Lexer lx = new Lexer(text, len);
        Token first = lx.next();
        if (first == null) {
            return eof ? new Split(Kind.QUERY, len, len, null) : needMore();
        }
        boolean insert = first.isWord(text, "INSERT");
        String trailingFormat = null;
        int depth = 0;
        for (Token t = first; t != null; t = lx.next()) {
            if (t.end >= len && !eof) {
                return needMore(); // the token may continue in bytes not read yet
            }
            if (t.type == '(') {
                depth++;
            } else if (t.type == ')') {
                depth--;
            } else if (depth == 0 && t.type == 'w') {
                if (insert && (t.isWord(text, "SELECT") || t.isWord(text, "WITH"))) {
                    insert = false;
                } else if (insert && t.isWord(text, "VALUES")) {
                    return new Split(Kind.INSERT_DATA, t.start, t.end, "Values");
                } else if (t.isWord(text, "FORMAT")) {
                    Token name = lx.next();
                    if (name == null || (name.end == len && !eof)) {
                        return eof ? new Split(Kind.QUERY, len, len, null) : needMore();
                    }
                    if (insert) {
                        return new Split(Kind.INSERT_DATA, t.start, dataStart(text, len, name.end),
                                name.text(text));
                    }
                    trailingFormat = name.text(text);
                }
            }
        }
        if (!eof) {
            return needMore();
        }
        return new Split(Kind.QUERY, len, len, trailingFormat);
    }

    private static Split needMore() {
        return new Split(Kind.NEED_MORE, -1, -1, null);
    }

    /** Data starts after the first newline, if there is one, or after the blanks otherwise (ClickHouse's rule). */
    private static int dataStart(byte[] text, int len, int pos) {
        while (pos < len && (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\f')) {
            pos++;
        }
        if (pos < len && text[pos] == '\r') {
            pos++;
        }
        if (pos < len && text[pos] == '\n') {
            pos++;
        }
        return pos;
    }

    private static final class Token {
        final char type; // 'w' word, 's' string, 'q' quoted identifier, or the punctuation character itself
        final int start;
        final int end;

        Token(char type, int start, int end) {
            this.type = type;
            this.start = start;
            this.end = end;
        }

        boolean isWord(byte[] text, String word) {
            if (type != 'w' || end - start != word.length()) {
                return false;
            }
            for (int i = 0; i < word.length(); i++) {
                if (Character.toUpperCase((char) text[start + i]) != word.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        String text(byte[] text) {
            int s = type == 'q' ? start + 1 : start;
            int e = type == 'q' ? end - 1 : end;
            return new String(text, s, Math.max(0, e - s), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static final class Lexer {
        private final byte[] b;
        private final int len;
        private int pos;

        Lexer(byte[] b, int len) {
            this.b = b;
            this.len = len;
        }

        /** Next token, or null at the end (an unterminated string or comment also ends the input). */
        Token next() {
            skipBlanksAndComments();
            if (pos >= len) {
                return null;
            }
            int start = pos;
            byte c = b[pos];
            if (c == '\'' || c == '"' || c == '`') {
                pos = quoted(pos, c);
                return pos > len ? null : new Token(c == '\'' ? 's' : 'q', start, pos);
            }
            if (isWordChar(c)) {
                while (pos < len && isWordChar(b[pos])) {
                    pos++;
                }
                return new Token('w', start, pos);
            }
            pos++;
            return new Token((char) c, start, pos);
        }

        private int quoted(int p, byte quote) {
            p++;
            while (p < len) {
                byte c = b[p];
                if (c == '\\') {
                    p += 2;
                } else if (c == quote) {
                    if (p + 1 < len && b[p + 1] == quote) {
                        p += 2;
                    } else {
                        return p + 1;
                    }
                } else {
                    p++;
                }
            }
            return len + 1;
        }

        private void skipBlanksAndComments() {
            while (pos < len) {
                byte c = b[pos];
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
                    pos++;
                } else if (c == '-' && pos + 1 < len && b[pos + 1] == '-' || c == '#') {
                    while (pos < len && b[pos] != '\n') {
                        pos++;
                    }
                } else if (c == '/' && pos + 1 < len && b[pos + 1] == '*') {
                    int close = indexOf("*/", pos + 2);
                    pos = close < 0 ? len : close + 2;
                } else {
                    return;
                }
            }
        }

        private int indexOf(String s, int from) {
            outer:
            for (int i = from; i + s.length() <= len; i++) {
                for (int j = 0; j < s.length(); j++) {
                    if (b[i + j] != s.charAt(j)) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        private static boolean isWordChar(byte c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$'
                    || c < 0;
        }
    }
}
