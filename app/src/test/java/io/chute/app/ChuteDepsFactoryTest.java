package io.chute.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.chute.config.ChuteConfig;
import io.chute.config.MinimalConfig;
import io.chute.validation.SubjectNameStrategy;

class ChuteDepsFactoryTest {

    @ParameterizedTest
    @CsvSource({"topic, TOPIC_NAME", "record, RECORD_NAME", "topic-record, TOPIC_RECORD_NAME"})
    void shouldMapEverySubjectStrategyWhenConfigured(String value, SubjectNameStrategy expected) {
        Map<String, String> props = MinimalConfig.props();
        props.put(ChuteConfig.SUBJECT_STRATEGY_CONFIG, value);
        assertEquals(expected, ChuteDepsFactory.subjectNameStrategy(new ChuteConfig(props)));
    }
}
