package io.chute.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BlockIdTest {

    @Test
    void shouldDeriveDocumentedTokenWhenGivenIdentity() {
        BlockId id = new BlockId("prod", "events", "orders", 3, 100, 199);
        assertEquals("chute1:prod:events:orders:3:100-199", id.token());
    }

    @Test
    void shouldDeriveSameTokenWhenIdentityIsRebuilt() {
        assertEquals(new BlockId("prod", "events", "orders", 3, 100, 199).token(),
                new BlockId("prod", "events", "orders", 3, 100, 199).token());
    }

    @Test
    void shouldSeparateTokensWhenNamespacesDiffer() {
        assertNotEquals(new BlockId("blue", "events", "orders", 3, 100, 199).token(),
                new BlockId("green", "events", "orders", 3, 100, 199).token());
    }

    @Test
    void shouldRejectIdentityWhenPartsContainSeparators() {
        assertThrows(IllegalArgumentException.class, () -> new BlockId("a:b", "t", "topic", 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new BlockId("ns", "t/x", "topic", 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new BlockId("ns", "t", "topic", 0, 5, 4));
    }
}
