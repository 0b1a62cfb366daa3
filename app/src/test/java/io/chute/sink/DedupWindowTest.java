package io.chute.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class DedupWindowTest {

    private static final Map<String, Long> DEFAULTS = Map.of(DedupWindow.NON_REPLICATED, 0L,
            DedupWindow.REPLICATED, 1000L);

    @Test
    void shouldFailFastNamingSettingWhenPlainMergeTreeUsesDefaultZero() {
        DedupWindow w = DedupWindow.resolve("events", "MergeTree",
                "CREATE TABLE db.events (x UInt8) ENGINE = MergeTree ORDER BY x SETTINGS index_granularity = 8192",
                DEFAULTS);
        assertFalse(w.deduplicates());
        FatalSinkException e = assertThrows(FatalSinkException.class, w::requireEnabled);
        assertTrue(e.getMessage().contains("non_replicated_deduplication_window"), e.getMessage());
    }

    @Test
    void shouldReadTableSettingWhenExplicit() {
        DedupWindow w = DedupWindow.resolve("events", "ReplacingMergeTree",
                "CREATE TABLE db.events (x UInt8) ENGINE = ReplacingMergeTree ORDER BY x "
                        + "SETTINGS non_replicated_deduplication_window = 100, index_granularity = 8192", DEFAULTS);
        assertEquals(new DedupWindow("events", "ReplacingMergeTree", DedupWindow.NON_REPLICATED, 100, true), w);
        w.requireEnabled();
    }

    @Test
    void shouldUseReplicatedSettingWhenEngineIsReplicated() {
        DedupWindow w = DedupWindow.resolve("events", "ReplicatedMergeTree",
                "CREATE TABLE db.events (x UInt8) ENGINE = ReplicatedMergeTree('/p', 'r') ORDER BY x "
                        + "SETTINGS non_replicated_deduplication_window = 5", DEFAULTS);
        assertEquals(DedupWindow.REPLICATED, w.setting());
        assertEquals(1000, w.window(), "the non_replicated setting must not be mistaken for the replicated one");
        assertFalse(w.explicit());
    }

    @Test
    void shouldRefuseEngineWhenItCannotDeduplicate() {
        DedupWindow w = DedupWindow.resolve("events", "Memory", "CREATE TABLE db.events (x UInt8) ENGINE = Memory",
                DEFAULTS);
        assertFalse(w.deduplicates());
        assertThrows(FatalSinkException.class, w::requireEnabled);
    }
}
