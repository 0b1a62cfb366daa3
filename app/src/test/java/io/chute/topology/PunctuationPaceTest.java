package io.chute.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class PunctuationPaceTest {

    @Test
    void shouldPunctuateAtAQuarterOfTheLingerWhenTheThreadCarriesFewTasks() {
        assertEquals(List.of(200L, 200L, 25L, 10L), List.of(new PunctuationPace(1_000).millis(1),
                new PunctuationPace(60_000).millis(64), new PunctuationPace(100).millis(4),
                new PunctuationPace(20).millis(1)));
    }

    @Test
    void shouldStretchTheIntervalByOneStepPerSixtyFourTasksUpToOneSecond() {
        PunctuationPace pace = new PunctuationPace(1_000);
        assertEquals(List.of(200L, 400L, 400L, 600L, 800L, 1_000L),
                List.of(pace.millis(64), pace.millis(65), pace.millis(128), pace.millis(129), pace.millis(256),
                        pace.millis(1_000)));
        assertEquals(100L, new PunctuationPace(100).millis(256), "25 ms x 4 steps");
    }

    @Test
    void shouldKeepTheBaseIntervalWhenTheThreadCountsNoTasks() {
        assertEquals(200L, new PunctuationPace(1_000).millis(0));
    }
}
