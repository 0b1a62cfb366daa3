package io.chute.topology;

import static io.chute.topology.IngestTopologyTest.valid;
import static io.chute.topology.TopologyFixture.TOPIC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.streams.errors.TaskMigratedException;
import org.junit.jupiter.api.Test;

/**
 * Tasks of a thread whose main consumer punctuates them ({@link ThreadPunctuation}) schedule no punctuator of their
 * own: their lingering blocks close when the thread punctuates, and what that punctuation meets is raised by the
 * task itself. The driver runs the tasks on this thread, so the punctuation below is this thread's.
 */
class ThreadPunctuationTopologyTest {

    private static TopologyFixture threadPunctuated() {
        TopologyFixture fixture = new TopologyFixture(Map.of("block.linger.ms", "500"),
                Map.of(TOPIC, TopologyFixture.eventsTable(TOPIC)));
        fixture.deps.barrier().hookThreadPunctuation();
        return fixture.start();
    }

    private static void punctuateThread(TopologyFixture fixture) {
        new ThreadPunctuation(fixture.deps.barrier(), 125, fixture.time::milliseconds).beforePoll();
    }

    @Test
    void shouldLandLingeringBlockOnlyWhenTheThreadPunctuates() {
        try (TopologyFixture fixture = threadPunctuated()) {
            fixture.input().pipeInput(valid("a", 1));
            fixture.input().pipeInput(valid("b", 2));
            fixture.time.advance(600);
            fixture.driver().advanceWallClockTime(Duration.ofMillis(1_000));
            assertTrue(fixture.blocks.isEmpty(), "no task punctuator is scheduled");

            punctuateThread(fixture);

            assertEquals(List.of("chute1:chute-test:events:events:0:0-1"), fixture.clickHouse.landedTokens);
        }
    }

    @Test
    void shouldKeepYoungBlockOpenWhenTheThreadPunctuates() {
        try (TopologyFixture fixture = threadPunctuated()) {
            fixture.input().pipeInput(valid("a", 1));
            fixture.time.advance(200);

            punctuateThread(fixture);

            assertTrue(fixture.blocks.isEmpty(), "the block is younger than its linger");
        }
    }

    @Test
    void shouldRaiseFencingInTheTasksNextRecordWhenTheThreadsPunctuationMetIt() {
        try (TopologyFixture fixture = threadPunctuated()) {
            fixture.input().pipeInput(valid("a", 1));
            fixture.ledger.fence();
            fixture.time.advance(600);

            punctuateThread(fixture); // submits the block, whose INTENT is fenced: the pipeline keeps the failure
            fixture.input().pipeInput(valid("b", 2));
            fixture.time.advance(600);
            punctuateThread(fixture); // submitting b's block meets the failure: kept, nothing thrown into the poll

            RuntimeException e = assertThrows(RuntimeException.class,
                    () -> fixture.input().pipeInput(valid("c", 3)));
            assertTrue(causedBy(e, TaskMigratedException.class), "Streams' fencing error, raised by the task: " + e);
            assertTrue(fixture.clickHouse.landedTokens.isEmpty());
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
