package io.chute.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.chute.metrics.ChuteMetrics;

class CommitBarrierOffsetsTest {
    private static final TopicPartition TP = new TopicPartition("events", 3);

    private final CommitBarrier barrier = new CommitBarrier(new ChuteMetrics(new SimpleMeterRegistry()));

    @Test
    void shouldKnowNoCommittedOffsetWhenTheMainConsumerIsNotHooked() {
        barrier.committed(Map.of(TP, new OffsetAndMetadata(500)));
        assertEquals(-1, barrier.committedOffset(TP), "a task's start could not see it: recovery would re-insert");
    }

    @Test
    void shouldKeepTheHighestCommittedOffsetWhenCommitsAndFetchesInterleave() {
        barrier.hookCommittedFetch();
        Map<TopicPartition, OffsetAndMetadata> fetched = new HashMap<>();
        fetched.put(TP, new OffsetAndMetadata(500));
        fetched.put(new TopicPartition("events", 4), null); // no committed offset yet
        barrier.fetched(fetched);
        barrier.committed(Map.of(TP, new OffsetAndMetadata(400))); // an older value reported late
        assertEquals(500, barrier.committedOffset(TP));
        assertEquals(-1, barrier.committedOffset(new TopicPartition("events", 4)));
        barrier.committed(Map.of(TP, new OffsetAndMetadata(700)));
        assertEquals(700, barrier.committedOffset(TP));
    }

    @Test
    void shouldGiveRecoveryTheLastFetchedOffsetAloneWhenThisProcessKnewAHigherOne() {
        barrier.hookCommittedFetch();
        barrier.committed(Map.of(TP, new OffsetAndMetadata(900))); // before a replay moved the offsets back
        barrier.fetched(Map.of(TP, new OffsetAndMetadata(100)));
        assertEquals(100, barrier.fetchedOffset(TP));
        assertEquals(100, barrier.committedOffset(TP), "a task's start replaces what this process knew");
        Map<TopicPartition, OffsetAndMetadata> none = new HashMap<>();
        none.put(TP, null);
        barrier.fetched(none);
        assertEquals(-1, barrier.fetchedOffset(TP));
    }
}
