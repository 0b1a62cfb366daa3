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
        barrier.committed(fetched);
        barrier.committed(Map.of(TP, new OffsetAndMetadata(400))); // an older value reported late
        assertEquals(500, barrier.committedOffset(TP));
        assertEquals(-1, barrier.committedOffset(new TopicPartition("events", 4)));
        barrier.committed(Map.of(TP, new OffsetAndMetadata(700)));
        assertEquals(700, barrier.committedOffset(TP));
    }
}
