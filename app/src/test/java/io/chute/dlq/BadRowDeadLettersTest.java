package io.chute.dlq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import io.chute.block.Block;
import io.chute.block.TestBlocks;

/** Rows ClickHouse rejected, dead-lettered with the source record read back by offset (a fake source). */
class BadRowDeadLettersTest {
    private static final long NOW = 1_700_000_000_500L;

    private final FakeSourceFetcher source = new FakeSourceFetcher();
    private final BadRowDeadLetters letters = new BadRowDeadLetters(source, "events-dlq", "app", () -> NOW);
    private final Block block = TestBlocks.block("t", "events", 3, 4, 5, 6, 7);

    private static BadRow bad(long offset, int rowIndex) {
        return new BadRow("t", "events", 3, offset, rowIndex, 53, "Cannot parse input");
    }

    private static String header(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldDeadLetterOriginalKeyValueAndHeadersWhenClickHouseRejectsRow() {
        Headers original = new RecordHeaders().add("trace", "t1".getBytes(StandardCharsets.UTF_8));
        source.put("events", 3, 5, 1_700_000_000_000L, "k".getBytes(StandardCharsets.UTF_8),
                "v".getBytes(StandardCharsets.UTF_8), original);
        source.put("events", 3, 6, 1_700_000_000_001L, "v6".getBytes(StandardCharsets.UTF_8));

        List<ProducerRecord<byte[], byte[]>> out = letters.encode(block, List.of(bad(5, 1)));

        assertEquals(1, out.size());
        ProducerRecord<byte[], byte[]> letter = out.get(0);
        assertEquals("events-dlq", letter.topic());
        assertArrayEquals("k".getBytes(StandardCharsets.UTF_8), letter.key());
        assertArrayEquals("v".getBytes(StandardCharsets.UTF_8), letter.value());
        assertEquals("t1", header(letter.headers(), "trace"));
        assertEquals(Reason.INSERT_REJECTED.code(), header(letter.headers(), DeadLetterHeaders.REASON));
        assertEquals("5", header(letter.headers(), DeadLetterHeaders.OFFSET));
        assertEquals("ClickHouse code 53: Cannot parse input", header(letter.headers(), DeadLetterHeaders.MESSAGE));
        assertEquals(List.of("events-3[5, 5]"), source.fetches);
    }

    @Test
    void shouldReadOneRangeAndKeepOrderWhenSeveralRowsRejected() {
        for (long offset = 4; offset <= 7; offset++) {
            source.put("events", 3, offset, 1_700_000_000_000L, ("v" + offset).getBytes(StandardCharsets.UTF_8));
        }

        List<ProducerRecord<byte[], byte[]>> out = letters.encode(block, List.of(bad(4, 0), bad(7, 3)));

        assertEquals(List.of("v4", "v7"), out.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8))
                .toList());
        assertEquals(List.of("events-3[4, 7]"), source.fetches);
    }

    @Test
    void shouldDeadLetterWithoutValueWhenSourceRecordIsNoLongerReadable() {
        List<ProducerRecord<byte[], byte[]>> out = letters.encode(block, List.of(bad(5, 1)));

        assertEquals(1, out.size(), "a rejected row never vanishes");
        assertNull(out.get(0).value());
        assertEquals(Reason.INSERT_REJECTED.code(), header(out.get(0).headers(), DeadLetterHeaders.REASON));
        assertEquals("events", header(out.get(0).headers(), DeadLetterHeaders.TOPIC));
    }
}
