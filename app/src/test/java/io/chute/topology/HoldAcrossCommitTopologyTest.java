package io.chute.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Blocks kept open across a commit when a table's linger grew (many quiet lanes): the commit then holds the
 * partition's offset at the oldest open block instead of cutting a block (a part) per lane per commit.
 */
class HoldAcrossCommitTopologyTest {
    private static final TopicPartition EVENTS_0 = new TopicPartition(TopologyFixture.TOPIC, 0);

    /** One lane at 0.1 blocks/s: its linger grows to 10 s, past the 1 s block.linger.ms. */
    private static TopologyFixture quiet() {
        return new TopologyFixture(Map.of("insert.max.per.second.per.table", "0.1"),
                Map.of(TopologyFixture.TOPIC, TopologyFixture.eventsTable(TopologyFixture.TOPIC))).start();
    }

    @Test
    void shouldKeepAQuietBlockOpenAndHoldItsOffsetWhenTheCommitMayHold() {
        try (TopologyFixture fixture = quiet()) {
            for (int i = 0; i < 3; i++) {
                fixture.input().pipeInput(IngestTopologyTest.valid("e" + i, i));
            }
            assertEquals(Map.of(EVENTS_0, 0L), fixture.deps.barrier().beforeCommit(true));
            assertEquals(0, fixture.blocksOf(TopologyFixture.TOPIC).size(), "no part for this commit");

            fixture.time.advance(10_000); // the grown linger passed: the block goes on its own
            fixture.driver().advanceWallClockTime(Duration.ofMillis(300));
            assertEquals(1, fixture.blocksOf(TopologyFixture.TOPIC).size());
            assertEquals(Map.of(), fixture.deps.barrier().beforeCommit(true), "nothing held any more");
        }
    }

    @Test
    void shouldLandTheBlockWhenARecordOfItsTopicWasDeadLetteredSinceItsFirstRow() {
        try (TopologyFixture fixture = quiet()) {
            fixture.input().pipeInput(IngestTopologyTest.valid("e0", 0));
            fixture.input().pipeInput("not avro".getBytes());
            fixture.input().pipeInput(IngestTopologyTest.valid("e2", 2));
            assertEquals(Map.of(), fixture.deps.barrier().beforeCommit(true));
            assertEquals(1, fixture.blocksOf(TopologyFixture.TOPIC).size(),
                    "re-reading the dead letter after a crash would write it twice");
        }
    }

    @Test
    void shouldLandEveryBlockWhenTheCommitMayNotHold() {
        try (TopologyFixture fixture = quiet()) {
            fixture.input().pipeInput(IngestTopologyTest.valid("e0", 0));
            assertEquals(Map.of(), fixture.deps.barrier().beforeCommit(false));
            assertEquals(1, fixture.blocksOf(TopologyFixture.TOPIC).size());
        }
    }

    @Test
    void shouldLandAtTheCommitWhenTheLingerDidNotGrow() {
        try (TopologyFixture fixture = new TopologyFixture()) {
            fixture.start();
            fixture.input().pipeInput(IngestTopologyTest.valid("e0", 0));
            assertEquals(Map.of(), fixture.deps.barrier().beforeCommit(true));
            assertEquals(1, fixture.blocksOf(TopologyFixture.TOPIC).size());
        }
    }

    @Test
    void shouldCommitTheHeldOffsetWithItsMetadataWhenLowerThanTheConsumedOne() {
        TopicPartition other = new TopicPartition("t", 1);
        Map<TopicPartition, OffsetAndMetadata> consumed = Map.of(EVENTS_0, new OffsetAndMetadata(50, "m"),
                other, new OffsetAndMetadata(7, "n"));
        Map<TopicPartition, OffsetAndMetadata> out = CommitHookClientSupplier.held(consumed,
                Map.of(EVENTS_0, 20L, other, 9L));
        assertEquals(new OffsetAndMetadata(20, "m"), out.get(EVENTS_0));
        assertEquals(new OffsetAndMetadata(7, "n"), out.get(other), "never above the consumed offset");
        assertTrue(CommitHookClientSupplier.held(consumed, Map.of()) == consumed);
    }
}
