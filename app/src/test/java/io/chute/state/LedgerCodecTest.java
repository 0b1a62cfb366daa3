package io.chute.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.chute.block.BlockGroup;
import io.chute.block.BlockId;
import io.chute.block.TestBlocks;

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
    void shouldRoundTripGroupedEntriesWhenEncodedWithMembersOnlyAtTheAnchor() {
        BlockGroup group = BlockGroup.of(List.of(TestBlocks.range("t", "o", 0, 10, 2),
                TestBlocks.range("t", "o", 3, 5, 1)));
        LedgerEntry anchor = LedgerEntry.grouped(group, group.members().get(0), 7);
        LedgerEntry other = LedgerEntry.grouped(group, group.members().get(1), 7);

        assertEquals(anchor, LedgerCodec.decode(LedgerCodec.encode(anchor)));
        assertEquals(other, LedgerCodec.decode(LedgerCodec.encode(other)));
        assertEquals("{\"state\":\"GROUPED\",\"firstOffset\":5,\"lastOffset\":5,\"rows\":1,\"token\":\""
                + group.token() + "\",\"timestamp\":7,\"group\":{\"anchorTopic\":\"o\",\"anchorPartition\":0}}",
                new String(LedgerCodec.encode(other), StandardCharsets.UTF_8));
        assertEquals(List.of(new GroupRef.Member("o", 0, 10, 11, 2), new GroupRef.Member("o", 3, 5, 5, 1)),
                anchor.group().members());
        assertThrows(IllegalArgumentException.class, () -> new LedgerEntry(LedgerState.INTENT, 1, 2, 2, "x", 3,
                anchor.group()));
    }

    @Test
    void shouldRoundTripKeyWhenEncoded() {
        LedgerKey key = new LedgerKey("db_table", "my.topic-1", 12);
        assertEquals("db_table\u0000my.topic-1\u000012", new String(key.encode(), StandardCharsets.UTF_8));
        assertEquals(key, LedgerKey.decode(key.encode()));
        assertThrows(IllegalArgumentException.class, () -> LedgerKey.decode("nope".getBytes(StandardCharsets.UTF_8)));
    }
}
