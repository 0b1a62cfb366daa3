package io.chute.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.chute.block.Block;
import io.chute.block.InstanceLimits;
import io.chute.block.SourceEnds;

/**
 * A backlog's last rows do not wait for a grown linger: once the partition has caught up, its open blocks go at
 * {@code block.linger.ms}; so do a task's first records once no more came for {@code block.linger.ms}. A partition
 * whose records keep coming keeps the grown linger (few parts at low volume).
 */
class CatchUpTopologyTest {

    /** One lane at 0.1 blocks/s: its linger grows to 10 s. */
    private static TopologyFixture quiet() {
        return new TopologyFixture(Map.of("insert.max.per.second.per.table", "0.1"),
                Map.of(TopologyFixture.TOPIC, TopologyFixture.eventsTable(TopologyFixture.TOPIC))).start();
    }

    private static SourceEnds.End end(TopologyFixture fixture) {
        return fixture.deps.inserts().instanceLimits().sourceEnds().of(TopologyFixture.TOPIC, 0);
    }

    /** The partition ends at 5,000: the task takes offsets 0-2 of a backlog. */
    private static void readThreeOfABacklog(TopologyFixture fixture) {
        end(fixture).set(5_000);
        for (int i = 0; i < 3; i++) {
            fixture.input().pipeInput(IngestTopologyTest.valid("e" + i, i));
        }
    }

    /**
     * Offsets 0-2 of a backlog taken, partitions held for memory, and the end now at 4: no transactions, so offset 3
     * is the backlog's last record, not a marker.
     */
    private static void heldBacklogEndingAtFour(TopologyFixture fixture) {
        readThreeOfABacklog(fixture);
        fixture.deps.inserts().instanceLimits().fetchPaused().set(2);
        end(fixture).set(4);
    }

    private static void punctuate(TopologyFixture fixture) {
        fixture.driver().advanceWallClockTime(Duration.ofMillis(300));
    }

    /** The task's first record, then one more after it had reached the end: a live partition from the start. */
    private static void liveFromTheStart(TopologyFixture fixture) {
        end(fixture).set(1);
        fixture.input().pipeInput(IngestTopologyTest.valid("e0", 0));
        punctuate(fixture);
        end(fixture).set(2);
        fixture.input().pipeInput(IngestTopologyTest.valid("e1", 1));
        punctuate(fixture);
    }

    @Test
    void shouldSubmitTheOpenBlockWhenItsPartitionCaughtUpAfterABacklog() {
        try (TopologyFixture fixture = quiet()) {
            readThreeOfABacklog(fixture);
            punctuate(fixture);
            assertEquals(0, fixture.blocksOf(TopologyFixture.TOPIC).size(), "4,997 records still to read");

            end(fixture).set(3); // the rest of the backlog is read (here: the end seen was stale)
            punctuate(fixture);
            assertEquals(0, fixture.blocksOf(TopologyFixture.TOPIC).size(), "caught up, but younger than 1 s");

            fixture.time.advance(1_000); // block.linger.ms, the operator's own linger
            punctuate(fixture);
            assertEquals(1, fixture.blocksOf(TopologyFixture.TOPIC).size(), "caught up: no 10 s linger");
        }
    }

    @Test
    void shouldSubmitACaughtUpBlockAtOnceWhenFetchGatesHoldPartitionsForMemory() {
        try (TopologyFixture fixture = quiet()) {
            readThreeOfABacklog(fixture);
            punctuate(fixture);
            fixture.deps.inserts().instanceLimits().fetchPaused().set(2);
            end(fixture).set(3);
            punctuate(fixture);
            assertEquals(1, fixture.blocksOf(TopologyFixture.TOPIC).size(),
                    "caught up while partitions wait for memory: the complete block does not wait 1 s");
        }
    }

    @Test
    void shouldSubmitACaughtUpBlockAsItsLastRecordIsTakenWhenFetchGatesHoldPartitions() {
        try (TopologyFixture fixture = quiet()) {
            heldBacklogEndingAtFour(fixture);
            fixture.input().pipeInput(IngestTopologyTest.valid("e3", 3));
            assertEquals(1, fixture.blocksOf(TopologyFixture.TOPIC).size(),
                    "the backlog's last record: no punctuation needed (at 256 tasks one comes every second)");
        }
    }

    @Test
    void shouldKeepTheBlockOpenForTheBacklogsLastRecordWhenTheOffsetLeftIsARecord() {
        try (TopologyFixture fixture = quiet()) {
            heldBacklogEndingAtFour(fixture);
            punctuate(fixture);
            assertEquals(0, fixture.blocksOf(TopologyFixture.TOPIC).size(),
                    "one offset left and it is a record: closing now left it alone for the grown linger");
            fixture.input().pipeInput(IngestTopologyTest.valid("e3", 3));
            assertEquals(List.of(4), fixture.blocksOf(TopologyFixture.TOPIC).stream().map(Block::rowCount).toList());
        }
    }

    @Test
    void shouldReportEachSourcePartitionsOpenRowsAndRecordsBehindToTheFetchGate() {
        try (TopologyFixture fixture = quiet()) {
            readThreeOfABacklog(fixture);
            SourceLoad load = fixture.deps.barrier().loads().get(new TopicPartition(TopologyFixture.TOPIC, 0));
            assertEquals(List.of(3, 1, 4_997L), List.of(load.openRecords(), load.lanes(), load.behind()));
            assertEquals(fixture.deps.inserts().instanceLimits().budget().used()
                    - fixture.deps.inserts().instanceLimits().budget().reserved(), load.openBytes(),
                    "the open block's footprint, as the budget counts it");
        }
    }

    @Test
    void shouldSubmitTheTasksFirstRecordsWhenNoMoreComeForBlockLingerMs() {
        try (TopologyFixture fixture = quiet()) {
            end(fixture).set(3); // a small topic replayed: three records, all there
            for (int i = 0; i < 3; i++) {
                fixture.input().pipeInput(IngestTopologyTest.valid("e" + i, i));
            }
            punctuate(fixture);
            fixture.time.advance(999);
            punctuate(fixture);
            assertEquals(0, fixture.blocksOf(TopologyFixture.TOPIC).size(), "the end must stay put for 1 s");

            fixture.time.advance(1);
            punctuate(fixture);
            assertEquals(1, fixture.blocksOf(TopologyFixture.TOPIC).size(), "no record came: not the grown 10 s");
        }
    }

    @Test
    void shouldKeepTheGrownLingerWhenTheEndIsUnknown() {
        try (TopologyFixture fixture = quiet()) {
            fixture.input().pipeInput(IngestTopologyTest.valid("e0", 0));
            punctuate(fixture);
            fixture.time.advance(2_000);
            punctuate(fixture);
            assertEquals(0, fixture.blocksOf(TopologyFixture.TOPIC).size(), "no end seen: no quiet to wait for");
        }
    }

    /** The first block's linger: its lane's phase of the grown 10 s (opened in step with any other lane). */
    private static long staggered() {
        return Math.max(1_000, (long) Math.ceil(10_000 * InstanceLimits.phase(TopologyFixture.TOPIC, 0)));
    }

    @Test
    void shouldCloseTheFirstBlockAtItsPhaseOfTheGrownLingerAndTheNextAtTheWholeLinger() {
        try (TopologyFixture fixture = quiet()) {
            liveFromTheStart(fixture);
            fixture.time.advance(staggered() - 1);
            punctuate(fixture);
            assertEquals(0, fixture.blocksOf(TopologyFixture.TOPIC).size(),
                    "younger than its phase of 10 s (4.97 s): a live partition's first block is not released at 1 s");
            fixture.time.advance(1);
            punctuate(fixture);
            assertEquals(1, fixture.blocksOf(TopologyFixture.TOPIC).size(), "first block: its phase of 10 s");

            end(fixture).set(3);
            fixture.input().pipeInput(IngestTopologyTest.valid("e2", 2));
            fixture.time.advance(9_999);
            punctuate(fixture);
            assertEquals(1, fixture.blocksOf(TopologyFixture.TOPIC).size(), "the next block is not in step");
            fixture.time.advance(1);
            punctuate(fixture);
            assertEquals(2, fixture.blocksOf(TopologyFixture.TOPIC).size(), "the whole grown linger");
        }
    }

    @Test
    void shouldStaggerTheNextBlockAgainWhenItsPartitionCaughtUp() {
        try (TopologyFixture fixture = quiet()) {
            readThreeOfABacklog(fixture);
            punctuate(fixture);
            end(fixture).set(3);
            fixture.time.advance(1_000);
            punctuate(fixture);
            assertEquals(1, fixture.blocksOf(TopologyFixture.TOPIC).size(), "caught up at block.linger.ms");

            fixture.input().pipeInput(IngestTopologyTest.valid("e3", 3)); // every caught-up lane's next row
            fixture.time.advance(staggered() - 1);
            punctuate(fixture);
            assertEquals(1, fixture.blocksOf(TopologyFixture.TOPIC).size(), "younger than its phase of 10 s");
            fixture.time.advance(1);
            punctuate(fixture);
            assertEquals(2, fixture.blocksOf(TopologyFixture.TOPIC).size(), "in step again: its phase of 10 s");
        }
    }

    @Test
    void shouldKeepABlocksLingerWhenOtherLanesOfItsTableClose() {
        try (TopologyFixture fixture = quiet()) {
            AtomicInteger others = fixture.deps.inserts().instanceLimits().openLanes(TopologyFixture.TOPIC);
            others.addAndGet(9); // nine other lanes of the table are open: 10 lanes at 0.1/s linger 100 s
            liveFromTheStart(fixture);
            others.addAndGet(-9); // they closed: alone, the lane's linger would be 10 s
            long linger = Math.max(1_000, (long) Math.ceil(100_000 * InstanceLimits.phase(TopologyFixture.TOPIC, 0)));
            fixture.time.advance(linger - 1);
            punctuate(fixture);
            assertEquals(0, fixture.blocksOf(TopologyFixture.TOPIC).size(), "the linger it was given stays");
            fixture.time.advance(1);
            punctuate(fixture);
            assertEquals(1, fixture.blocksOf(TopologyFixture.TOPIC).size());
        }
    }
}
