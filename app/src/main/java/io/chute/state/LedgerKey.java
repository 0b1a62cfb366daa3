package io.chute.state;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** The ledger keeps one entry (the newest) per (table, topic, partition). */
public record LedgerKey(String table, String topic, int partition) {

    private static final char SEP = '\u0000';

    public LedgerKey {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(topic, "topic");
    }

    /** Kafka record key: {@code <table>\0<topic>\0<partition>} in UTF-8. */
    public byte[] encode() {
        return (table + SEP + topic + SEP + partition).getBytes(StandardCharsets.UTF_8);
    }

    /** Inverse of {@link #encode()}. @throws IllegalArgumentException on a malformed key */
    public static LedgerKey decode(byte[] bytes) {
        String s = new String(bytes, StandardCharsets.UTF_8);
        int a = s.indexOf(SEP);
        int b = s.lastIndexOf(SEP);
        if (a < 0 || a == b) {
            throw new IllegalArgumentException("malformed ledger key: " + s.replace(SEP, '|'));
        }
        try {
            return new LedgerKey(s.substring(0, a), s.substring(a + 1, b), Integer.parseInt(s.substring(b + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed ledger key: " + s.replace(SEP, '|'), e);
        }
    }
}
