package io.chute.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.chute.block.BlockGroup;
import io.chute.block.BlockId;
import io.chute.block.TestBlocks;

class GroupRecoveryTest {
    private static final long NOW = 1_000_000L;
    private static final long STALE_AFTER = 60_000L;

    private final BlockGroup group = BlockGroup.of(List.of(TestBlocks.range("t", "o", 0, 10, 5),
            TestBlocks.range("t", "o", 1, 40, 2), TestBlocks.range("t", "o", 2, 7, 1)));
    private final Map<LedgerKey, LedgerEntry> ledger = new HashMap<>();

    private LedgerKey key(int partition) {
        return new LedgerKey("t", "o", partition);
    }

    private void writeGroup(long timestamp) {
        for (BlockGroup.Member m : group.members()) {
            ledger.put(key(m.id().partition()), LedgerEntry.grouped(group, m, timestamp));
        }
    }

    private GroupRecovery decide(int partition) {
        return GroupRecovery.decide(key(partition), ledger.get(key(partition)), ledger::get, "ns", NOW, STALE_AFTER);
    }

    @Test
    void shouldReformGroupFromAnchorMembersWhenAnchorStillHoldsTheGroup() {
        writeGroup(NOW - 1_000);

        for (int p = 0; p < 3; p++) {
            GroupRecovery decision = decide(p);
            assertEquals(GroupRecovery.Action.REFORM, decision.action(), decision.reason());
            assertEquals(3, decision.group().members().size());
            assertEquals(group.token(), decision.group().tokenOf("ns", "t"));
        }
        assertNotNull(ledger.get(key(0)).group().members());
        assertNull(ledger.get(key(1)).group().members()); // one member list per group, at the anchor
    }

    @Test
    void shouldCountGroupLandedWhenAnchorMovedPastIt() {
        writeGroup(NOW - 1_000);
        ledger.put(key(0), ledger.get(key(0)).landed(NOW - 500));
        assertEquals(GroupRecovery.Action.LANDED, decide(1).action());
        assertEquals(GroupRecovery.Action.LANDED, decide(0 + 2).action());

        ledger.put(key(0), LedgerEntry.of(LedgerState.INTENT, new BlockId("ns", "t", "o", 0, 15, 20), 6, NOW));
        assertEquals(GroupRecovery.Action.LANDED, decide(1).action());

        writeGroup(NOW - 10 * STALE_AFTER);
        ledger.put(key(0), ledger.get(key(0)).landed(NOW - 9 * STALE_AFTER));
        assertEquals(GroupRecovery.Action.LANDED, decide(2).action(), "landed whatever its age");
    }

    @Test
    void shouldCheckTableWhenGroupIsStaleOrCannotBeReformedAsRecorded() {
        writeGroup(NOW - STALE_AFTER - 1);
        assertEquals(GroupRecovery.Action.CHECK_TABLE, decide(1).action());

        writeGroup(NOW - 1_000);
        ledger.remove(key(0));
        assertEquals(GroupRecovery.Action.CHECK_TABLE, decide(1).action());

        writeGroup(NOW - 1_000);
        GroupRecovery otherNamespace = GroupRecovery.decide(key(1), ledger.get(key(1)), ledger::get, "renamed", NOW,
                STALE_AFTER);
        assertEquals(GroupRecovery.Action.CHECK_TABLE, otherNamespace.action(), otherNamespace.reason());

        LedgerEntry outside = new LedgerEntry(LedgerState.GROUPED, 99, 99, 1, group.token(), NOW,
                new GroupRef("o", 0, null));
        assertEquals(GroupRecovery.Action.CHECK_TABLE, GroupRecovery.decide(key(5), outside, ledger::get, "ns", NOW,
                STALE_AFTER).action());
    }

    @Test
    void shouldRefuseEntriesThatAreNotGrouped() {
        LedgerEntry intent = LedgerEntry.of(LedgerState.INTENT, new BlockId("ns", "t", "o", 0, 1, 2), 2, NOW);
        assertThrows(IllegalArgumentException.class, () -> GroupRecovery.decide(key(0), intent, ledger::get, "ns",
                NOW, STALE_AFTER));
    }
}
