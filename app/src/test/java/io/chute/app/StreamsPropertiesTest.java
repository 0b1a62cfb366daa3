package io.chute.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

import io.chute.LogCapture;
import io.chute.config.ChuteConfig;
import io.chute.config.MinimalConfig;

class StreamsPropertiesTest {
    private static Map<String, String> minimal() {
        return MinimalConfig.props();
    }

    @Test
    void shouldNeverIdleTasksWhenNotOverridden() {
        Map<String, Object> props = ChuteApp.streamsProperties(new ChuteConfig(minimal()));
        assertEquals(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED, props.get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG));
        assertEquals("exactly_once_v2", props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        assertEquals("app", props.get(StreamsConfig.APPLICATION_ID_CONFIG));
    }

    @Test
    void shouldLetStreamsOverridesWinWhenGiven() {
        Map<String, String> config = minimal();
        config.put("streams.max.task.idle.ms", "0");
        config.put("streams.consumer.max.poll.records", "100");
        Map<String, Object> props = ChuteApp.streamsProperties(new ChuteConfig(config));
        assertEquals("0", props.get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG));
        assertEquals("100", props.get(StreamsConfig.consumerPrefix("max.poll.records")));
    }

    @Test
    void shouldNotWarnAboutTheGlobalThreadWhenStreamsReadsItsConfigAndTheAssignorsCopy() {
        List<String> messages;
        try (LogCapture log = LogCapture.of(StreamsConfig.class)) {
            StreamsConfig config = new StreamsConfig(ChuteApp.streamsProperties(new ChuteConfig(minimal())));
            // what Streams' partition assignor builds its own StreamsConfig from
            new StreamsConfig(config.getMainConsumerConfigs("app", "client", 0));
            messages = log.messages();
        }
        assertEquals(List.of(), messages.stream().filter(m -> m.contains("GlobalThread")).toList());
    }
}
