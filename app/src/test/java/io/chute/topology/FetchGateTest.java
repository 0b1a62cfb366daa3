package io.chute.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.chute.block.CatchUp;
import io.chute.block.InstanceLimits;
import io.chute.block.MemoryBudget;
import io.chute.metrics.ChuteMetric;
import io.chute.metrics.ChuteMetrics;

class FetchGateTest {
    private static final long BLOCK_MAX = 1_000_000;
    /** Soft limit 750,000 bytes. */
    private static final long BUDGET = 1_000_000;

    private final MemoryBudget budget = new MemoryBudget(BUDGET);
    private final Map<TopicPartition, SourceLoad> loads = new HashMap<>();
    private final Set<TopicPartition> assignment = new LinkedHashSet<>();
    /** What the consumer itself has paused. */
    private final Set<TopicPartition> paused = new HashSet<>();
    private final AtomicLong clock = new AtomicLong(1_000);
    private final InstanceLimits instance = new InstanceLimits(budget, 2);
    private final AtomicInteger heldOnInstance = instance.fetchPaused();
    private final ChuteMetrics metrics = ChuteMetrics.inMemory();

    private FetchGate gate(boolean enabled) {
        FetchGate.Pauses consumer = new FetchGate.Pauses() {
            @Override
            public void pause(Collection<TopicPartition> partitions) {
                paused.addAll(partitions);
            }

            @Override
            public void resume(Collection<TopicPartition> partitions) {
                paused.removeAll(partitions);
            }
        };
        return new FetchGate(consumer, () -> loads, new CommitHookClientSupplier.Gates(instance, BLOCK_MAX, enabled,
                metrics.counter(ChuteMetric.PARTITION_PAUSES_MEMORY), clock::get));
    }

    private static TopicPartition tp(int partition) {
        return new TopicPartition("events", partition);
    }

    /** A partition whose open block holds {@code records} rows of 100 bytes and has {@code behind} records to go. */
    private void load(int partition, int records, long behind) {
        assignment.add(tp(partition));
        loads.put(tp(partition), new SourceLoad(100L * records, records, 1, behind));
    }

    /**
     * Four partitions with the fullest blocks (ordered first) that bring 200 bytes each: they take the slots let
     * through whatever the room ({@link FetchGate#MIN_FETCHING}), so the room decides for the others.
     */
    private void fullestFour() {
        for (int p = 100; p < 100 + FetchGate.MIN_FETCHING; p++) {
            load(p, 9_000, 2);
        }
    }

    /** Partitions 0 and 1 bring 300,000 bytes each and 350,000 are left: 1, the emptier, is held. */
    private FetchGate holdingPartitionOne() {
        FetchGate gate = gate(true);
        fullestFour();
        load(0, 20, 3_000);
        load(1, 10, 3_000);
        budget.add(400_000);
        tick(gate);
        return gate;
    }

    private void tick(FetchGate gate) {
        clock.addAndGet(FetchGate.TICK_MILLIS);
        gate.beforePoll(() -> assignment);
    }

    @Test
    void shouldHoldNothingWhenEveryPartitionsRowsFit() {
        FetchGate gate = gate(true);
        fullestFour();
        for (int p = 0; p < 4; p++) {
            load(p, 100, 1_000); // 100,000 bytes to come each
        }
        tick(gate);
        assertEquals(Set.of(), paused);
    }

    @Test
    void shouldHoldThePartitionsWhoseRowsDoNotFitFullestBlocksFirst() {
        FetchGate gate = gate(true);
        fullestFour();
        load(0, 10, 3_000); // 300,000 bytes to come
        load(1, 30, 3_000);
        load(2, 20, 3_000);
        load(3, 40, 3_000);
        budget.add(100_000); // 650,000 left under the soft limit: two of them
        tick(gate);
        assertEquals(Set.of(tp(0), tp(2)), paused);
        assertEquals(2, gate.heldCount());
        assertEquals(2, heldOnInstance.get());
        assertEquals(2.0, metrics.total(ChuteMetric.PARTITION_PAUSES_MEMORY));
    }

    @Test
    void shouldLetABackloggedPartitionThroughWhenCaughtUpOnesHoldTheFullestBlocks() {
        FetchGate gate = gate(true);
        for (int p = 100; p < 100 + FetchGate.MIN_FETCHING; p++) {
            load(p, 9_000, CatchUp.CAUGHT_UP_RECORDS); // read to the end: at most a transaction marker left
        }
        load(0, 10, 3_000); // 300,000 bytes to come
        budget.add(700_000); // 50,000 left under the soft limit
        tick(gate);
        assertEquals(Set.of(), paused, "caught-up partitions bring nothing: they take none of the four places");
        assertEquals(0, new SourceLoad(900_000, 9_000, 1, CatchUp.CAUGHT_UP_RECORDS).growth(BLOCK_MAX, 1.0));
    }

    @Test
    void shouldLetFourPartitionsThroughWhenNoRoomIsLeft() {
        FetchGate gate = gate(true);
        for (int p = 0; p < 6; p++) {
            load(p, 10 * (p + 1), 3_000);
        }
        budget.add(BUDGET); // over the hard limit: memory pressure cuts blocks, records must keep coming
        tick(gate);
        assertEquals(Set.of(tp(0), tp(1)), paused, "the four fullest go on");
    }

    @Test
    void shouldNeverHoldCaughtUpOrUnknownPartitions() {
        FetchGate gate = gate(true);
        fullestFour();
        load(0, 10, 0);
        load(1, 10, SourceLoad.UNKNOWN);
        load(2, 50, 10_000);
        load(3, 40, 10_000);
        assignment.add(tp(4)); // no task read it yet
        budget.add(BUDGET);
        tick(gate);
        assertEquals(Set.of(tp(2), tp(3)), paused, "only partitions that bring rows are held");
    }

    @Test
    void shouldHoldNothingBeforeAnyBlockHasRows() {
        FetchGate gate = gate(true);
        load(0, 0, 100_000);
        load(1, 0, 100_000);
        budget.add(BUDGET);
        tick(gate);
        assertEquals(Set.of(), paused);
    }

    @Test
    void shouldProjectPartitionsWithoutRowsAtTheThreadsBytesPerRecord() {
        FetchGate gate = gate(true);
        fullestFour();
        load(0, 1_000, 1_000); // 100 bytes per record
        load(1, 0, 5_000); // 500,000 bytes to come at 100 bytes per record
        load(2, 0, 5_000);
        tick(gate);
        assertEquals(Set.of(tp(2)), paused, "650,000 bytes left: 100,000 + 500,000 fit, 500,000 more does not");
    }

    @Test
    void shouldCapAPartitionsGrowthAtFullBlocks() {
        SourceLoad twoTables = new SourceLoad(200_000, 1_000, 2, 1_000_000);
        assertEquals(2 * BLOCK_MAX - 200_000, twoTables.growth(BLOCK_MAX, 1.0));
        assertEquals(20_000, new SourceLoad(200_000, 1_000, 2, 100).growth(BLOCK_MAX, 1.0));
        assertEquals(700, new SourceLoad(0, 0, 1, 100).growth(BLOCK_MAX, 7.0));
        assertEquals(0, new SourceLoad(200_000, 1_000, 2, SourceLoad.UNKNOWN).growth(BLOCK_MAX, 1.0));
    }

    @Test
    void shouldResumeHeldPartitionsWhenLandedBlocksMakeRoom() {
        FetchGate gate = gate(true);
        fullestFour();
        load(0, 30, 2_000); // 200,000 bytes to come each
        load(1, 20, 2_000);
        load(2, 10, 2_000);
        budget.add(400_000);
        tick(gate);
        assertEquals(Set.of(tp(1), tp(2)), paused);
        budget.release(400_000);
        tick(gate);
        assertEquals(Set.of(), paused);
        assertEquals(0, heldOnInstance.get());
    }

    @Test
    void shouldLetAPartitionHeldBeforeThroughFirstAmongEqualBlocks() {
        FetchGate gate = gate(true);
        fullestFour();
        loads.put(tp(9), new SourceLoad(100_000, 1_000, 1, 0)); // sets 100 bytes per record, needs nothing
        load(1, 0, 3_000); // 300,000 bytes to come each
        load(2, 0, 3_000);
        budget.add(449_200); // room for one, with the four fullest
        tick(gate);
        assertEquals(Set.of(tp(2)), paused);
        load(1, 0, 0); // caught up: its block went
        load(0, 0, 3_000); // a new partition, never held, ordered before 2 by number
        tick(gate);
        assertEquals(Set.of(tp(0)), paused, "partition 2 waited: it goes first");
    }

    @Test
    void shouldKeepAHeldPartitionPausedWhenStreamsResumesIt() {
        FetchGate gate = holdingPartitionOne();
        assertEquals(Set.of(tp(1)), paused);
        gate.resumedByStreams(List.of(tp(0), tp(1)));
        assertEquals(Set.of(tp(1)), paused);
    }

    @Test
    void shouldKeepAPartitionStreamsPausedWhenTheGateReleasesIt() {
        FetchGate gate = holdingPartitionOne();
        gate.pausedByStreams(List.of(tp(1)));
        budget.release(400_000);
        tick(gate);
        assertEquals(Set.of(tp(1)), paused, "Streams paused it (full queue, restoring task)");
        gate.resumedByStreams(List.of(tp(1)));
        assertEquals(Set.of(), paused);
    }

    @Test
    void shouldHoldAPartitionAgainAfterItLeftAndCameBack() {
        FetchGate gate = holdingPartitionOne();
        gate.forget(List.of(tp(1)));
        paused.remove(tp(1)); // the consumer drops the pauses of partitions it loses
        assertEquals(0, heldOnInstance.get());
        tick(gate);
        assertEquals(Set.of(tp(1)), paused);
        assertEquals(1, heldOnInstance.get());
    }

    @Test
    void shouldDecideAtMostOncePerTick() {
        FetchGate gate = gate(true);
        fullestFour();
        load(0, 20, 3_000);
        load(1, 10, 3_000);
        tick(gate);
        assertEquals(Set.of(), paused);
        budget.add(400_000);
        gate.beforePoll(() -> assignment); // same millisecond
        assertEquals(Set.of(), paused);
        tick(gate);
        assertEquals(Set.of(tp(1)), paused);
    }

    @Test
    void shouldHoldNothingWhenDisabled() {
        FetchGate gate = gate(false);
        load(0, 20, 3_000);
        load(1, 10, 3_000);
        budget.add(BUDGET);
        tick(gate);
        assertEquals(Set.of(), paused);
        gate.pausedByStreams(List.of(tp(1)));
        assertEquals(Set.of(tp(1)), paused);
        gate.resumedByStreams(List.of(tp(1)));
        assertEquals(Set.of(), paused);
    }
}
