package io.chute.dlq;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * What went wrong with one source record. {@link #headersFor} adds the reason headers to a copy of the record's
 * original headers; the key and value stay the original bytes so a dead letter can be re-driven unchanged.
 *
 * @param reason    why; its {@link Reason#code() code} is the reason header
 * @param message   human message, naming the field or column when there is one
 * @param exception class name of the underlying exception, or null
 * @param schemaId  writer schema id when the wire format was readable, or null
 * @param table     target table for mapping/insert failures, or null
 * @param column    target column for mapping/insert failures, or null
 */
public record DeadLetter(Reason reason, String message, String exception, Integer schemaId, String table,
                         String column) {
    private static final int MAX_MESSAGE = 4096;

    public static DeadLetter of(Reason reason, String message) {
        return new DeadLetter(reason, message, null, null, null, null);
    }

    /** The original headers plus chute's; earlier reason headers (a re-driven record's) are replaced. */
    public Headers headersFor(Headers original, String topic, int partition, long offset, long timestamp,
                              String applicationId, long nowMillis) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : original) {
            if (!DeadLetterHeaders.isDeadLetterHeader(header.key())) {
                headers.add(header);
            }
        }
        put(headers, DeadLetterHeaders.REASON, reason.code());
        put(headers, DeadLetterHeaders.MESSAGE, truncate(message));
        put(headers, DeadLetterHeaders.EXCEPTION, exception);
        put(headers, DeadLetterHeaders.TOPIC, topic);
        put(headers, DeadLetterHeaders.PARTITION, Integer.toString(partition));
        put(headers, DeadLetterHeaders.OFFSET, Long.toString(offset));
        put(headers, DeadLetterHeaders.TIMESTAMP, Long.toString(timestamp));
        put(headers, DeadLetterHeaders.SCHEMA_ID, schemaId == null ? null : schemaId.toString());
        put(headers, DeadLetterHeaders.TABLE, table);
        put(headers, DeadLetterHeaders.COLUMN, column);
        put(headers, DeadLetterHeaders.APPLICATION_ID, applicationId);
        put(headers, DeadLetterHeaders.FAILED_AT, Long.toString(nowMillis));
        return headers;
    }

    private static String truncate(String text) {
        if (text == null || text.length() <= MAX_MESSAGE) {
            return text;
        }
        return text.substring(0, MAX_MESSAGE) + "...";
    }

    private static void put(Headers headers, String key, String value) {
        if (value != null) {
            headers.add(key, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
