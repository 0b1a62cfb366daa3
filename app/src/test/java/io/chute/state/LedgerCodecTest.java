package io.chute.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.chute.block.BlockId;

class LedgerCodecTest {

    @Test
    void shouldRoundTripEntryWhenEncodedAsJson() {
        LedgerEntry entry = LedgerEntry.of(LedgerState.INTENT, new BlockId("ns", "t", "orders", 2, 10, 99), 90,
                1_700_000_000_000L);
        byte[] json = LedgerCodec.encode(entry);
        assertEquals(entry, LedgerCodec.decode(json));
        assertEquals("{\"state\":\"INTENT\",\"firstOffset\":10,\"lastOffset\":99,\"rows\":90,"
                + "\"token\":\"chute1:ns:t:orders:2:10-99\",\"timestamp\":1700000000000}",
                new String(json, StandardCharsets.UTF_8));
    }

    @Test
    void shouldIgnoreUnknownFieldsWhenDecoding() {
        String json = "{\"state\":\"LANDED\",\"firstOffset\":1,\"lastOffset\":2,\"rows\":2,\"token\":\"x\","
                + "\"timestamp\":3,\"futureField\":true}";
        assertEquals(new LedgerEntry(LedgerState.LANDED, 1, 2, 2, "x", 3),
                LedgerCodec.decode(json.getBytes(StandardCharsets.UTF_8)));
        assertThrows(LedgerException.class, () -> LedgerCodec.decode("{".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldRoundTripKeyWhenEncoded() {
        LedgerKey key = new LedgerKey("db_table", "my.topic-1", 12);
        assertEquals("db_table\u0000my.topic-1\u000012", new String(key.encode(), StandardCharsets.UTF_8));
        assertEquals(key, LedgerKey.decode(key.encode()));
        assertThrows(IllegalArgumentException.class, () -> LedgerKey.decode("nope".getBytes(StandardCharsets.UTF_8)));
    }
}
