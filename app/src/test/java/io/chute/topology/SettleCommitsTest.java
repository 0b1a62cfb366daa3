package io.chute.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.junit.jupiter.api.Test;

class SettleCommitsTest {
    private final MockProcessorContext<byte[], byte[]> context = new MockProcessorContext<>();
    private boolean unsettled = true;
    private final SettleCommits settle = new SettleCommits(context, () -> unsettled, Duration.ofMillis(1000));

    @Test
    void shouldPunctuateAtTheCommitIntervalWhileRowsAreOnTheirWayThenStop() {
        settle.tookRecord();
        settle.tookRecord();

        List<CapturedPunctuator> scheduled = context.scheduledPunctuators();
        assertEquals(1, scheduled.size(), "one punctuation per task, however many records");
        CapturedPunctuator punctuator = scheduled.get(0);
        assertEquals(Duration.ofMillis(1000), punctuator.getInterval());
        assertEquals(PunctuationType.WALL_CLOCK_TIME, punctuator.getType());

        punctuator.getPunctuator().punctuate(1);
        assertFalse(punctuator.cancelled(), "a held block, an insert or a LANDED entry still waits");

        unsettled = false;
        punctuator.getPunctuator().punctuate(2);
        assertTrue(punctuator.cancelled(), "nothing left: an idle task marks no more commits");

        settle.tookRecord();
        assertEquals(2, context.scheduledPunctuators().size(), "the next record schedules it again");
    }
}
