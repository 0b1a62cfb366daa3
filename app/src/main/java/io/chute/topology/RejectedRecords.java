package io.chute.topology;

import java.util.function.LongSupplier;

import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.chute.dlq.DeadLetter;
import io.chute.metrics.ChuteMetrics;

/**
 * Dead letters of records rejected on the stream thread (validation, routing, mapping): each is counted, logged
 * with its topic, partition and offset (at most {@value #MAX_LOGS_PER_SECOND} a second, the rest counted in one
 * line), and becomes the original record with the reason headers, which the processor forwards to the dead-letter
 * sink in the Streams transaction. Stream-thread confined.
 */
final class RejectedRecords {
    /** The processor's logger, as before this class was split out of it (log filters name it). */
    private static final Logger LOG = LoggerFactory.getLogger(IngestProcessor.class);
    private static final int MAX_LOGS_PER_SECOND = 10;

    private final ChuteMetrics metrics;
    private final LongSupplier clock;
    private final String applicationId;
    private long logSecond;
    private int logsThisSecond;
    private long suppressedLogs;

    RejectedRecords(ChuteMetrics metrics, LongSupplier clock, String applicationId) {
        this.metrics = metrics;
        this.clock = clock;
        this.applicationId = applicationId;
    }

    /** Counts and logs the rejection; returns the record to forward to the dead-letter sink. */
    Record<byte[], byte[]> deadLetter(Record<byte[], byte[]> record, RecordMetadata md, DeadLetter letter) {
        metrics.deadLettered(letter.reason());
        log(md, letter);
        long now = clock.getAsLong();
        return record.withHeaders(letter.headersFor(record.headers(), md.topic(), md.partition(), md.offset(),
                record.timestamp(), applicationId, now));
    }

    private void log(RecordMetadata md, DeadLetter letter) {
        long second = clock.getAsLong() / 1000;
        if (second != logSecond) {
            if (suppressedLogs > 0) {
                LOG.info("{} more dead letters in the last second (counted in chute.records.dead.lettered)",
                        suppressedLogs);
            }
            logSecond = second;
            logsThisSecond = 0;
            suppressedLogs = 0;
        }
        if (logsThisSecond++ < MAX_LOGS_PER_SECOND) {
            LOG.info("dead letter {} {}-{}@{}: {}", letter.reason(), md.topic(), md.partition(), md.offset(),
                    letter.message());
        } else {
            suppressedLogs++;
        }
    }
}
