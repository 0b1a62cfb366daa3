package io.chute.topology;

import java.util.Map;

import org.apache.kafka.common.TopicPartition;

/** A task of the stream thread with nothing open: every call of the commit barrier finds nothing to do. */
class IdleParticipant implements CommitBarrier.Participant {
    @Override
    public void submitOpen(boolean mayHold) {
    }

    @Override
    public void heldOffsets(Map<TopicPartition, Long> out) {
    }

    @Override
    public void deadLetters(Map<TopicPartition, Long> out) {
    }

    @Override
    public void awaitLanded(boolean mayHold) {
    }

    @Override
    public void loads(Map<TopicPartition, SourceLoad> out) {
    }

    @Override
    public long largestOpenBytes() {
        return 0;
    }

    @Override
    public EarlyBlocks submitLargest() {
        return EarlyBlocks.NONE;
    }

    @Override
    public void punctuate() {
    }
}
