package io.chute.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

import io.chute.config.ChuteConfig;
import io.chute.config.MinimalConfig;

class InputBuffersTest {
    private static final String PARTITION_FETCH = "consumer.max.partition.fetch.bytes";
    private static final String FETCH = "consumer.fetch.max.bytes";
    private static final String RECORDS = StreamsConfig.BUFFERED_RECORDS_PER_PARTITION_CONFIG;
    private static final long BUDGET = 154L << 20; // 30% of a 512 MB heap

    @Test
    void shouldKeepKafkasDefaultsWhenFewPartitions() {
        Map<String, Object> bounds = InputBuffers.of(BUDGET, 4);
        assertEquals(1 << 20, bounds.get(PARTITION_FETCH));
        assertEquals(1000, bounds.get(RECORDS));
        assertEquals((int) (BUDGET / 16), bounds.get(FETCH));
    }

    @Test
    void shouldShrinkPerPartitionBuffersWhenManyPartitions() {
        Map<String, Object> bounds = InputBuffers.of(BUDGET, 24);
        assertEquals((int) (BUDGET / 16 / 24), bounds.get(PARTITION_FETCH), "about 410 KB");
        assertEquals((int) (BUDGET / 16 / 24 / InputBuffers.RECORD_BYTES), bounds.get(RECORDS), "about 800");
        assertEquals(16 * (int) (BUDGET / 16 / 24), bounds.get(FETCH), "16 partitions' worth per response");
    }

    @Test
    void shouldKeepAPartitionFetchThatTakesCommonBatchesWhenManyPartitions() {
        // A batch larger than max.partition.fetch.bytes comes whole only as a response's first partition.
        Map<String, Object> bounds = InputBuffers.of(BUDGET, 256);
        assertEquals(256 << 10, bounds.get(PARTITION_FETCH));
        assertEquals((int) (BUDGET / 16 / 256 / InputBuffers.RECORD_BYTES), bounds.get(RECORDS), "about 75");
    }

    @Test
    void shouldCapAFetchResponseAtSixteenPartitionsWhenManyPartitions() {
        assertEquals(16 * InputBuffers.MIN_PARTITION_SHARE_BYTES, InputBuffers.of(BUDGET, 256).get(FETCH),
                "16 partitions' share per response, 1 MB: a paused partition's records pin their whole response");
    }

    @Test
    void shouldStayAtTheFloorsWhenTheBudgetIsTiny() {
        Map<String, Object> bounds = InputBuffers.of(1 << 20, 96);
        assertEquals(InputBuffers.MIN_PARTITION_FETCH_BYTES, bounds.get(PARTITION_FETCH));
        assertEquals(InputBuffers.MIN_RECORDS_PER_PARTITION, bounds.get(RECORDS));
        assertEquals(InputBuffers.MIN_FETCH_BYTES, bounds.get(FETCH));
    }

    @Test
    void shouldLeaveAKeyAloneWhenTheConfigOverridesIt() {
        Map<String, String> settings = new HashMap<>(MinimalConfig.props());
        settings.put("streams.max.partition.fetch.bytes", "2000000");
        settings.put("streams." + RECORDS, "5");
        Map<String, Object> props = InputBuffers.apply(new HashMap<>(), new ChuteConfig(settings), BUDGET, 256);
        assertEquals(null, props.get(PARTITION_FETCH), "the plain override applies to every client");
        assertEquals(null, props.get(RECORDS));
        assertEquals(InputBuffers.of(BUDGET, 256).get(FETCH), props.get(FETCH));
    }
}
