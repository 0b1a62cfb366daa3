package io.chute.dlq;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.chute.block.Block;

/**
 * Dead letters for rows ClickHouse rejected after bisection. A block keeps only encoded rows, so the original
 * key, value and headers are read back from the source partition by offset (a rare path). The records are written
 * in the block's ledger LANDED transaction, so they are exact under both processing guarantees.
 */
public final class BadRowDeadLetters implements DeadLetterEncoder {
    private static final Logger LOG = LoggerFactory.getLogger(BadRowDeadLetters.class);

    private final SourceFetcher fetcher;
    private final String dlqTopic;
    private final String applicationId;
    private final LongSupplier clock;

    public BadRowDeadLetters(SourceFetcher fetcher, String dlqTopic, String applicationId, LongSupplier clock) {
        this.fetcher = fetcher;
        this.dlqTopic = dlqTopic;
        this.applicationId = applicationId;
        this.clock = clock;
    }

    @Override
    public List<ProducerRecord<byte[], byte[]>> encode(Block block, List<BadRow> badRows) {
        TopicPartition tp = new TopicPartition(block.id().topic(), block.id().partition());
        long first = badRows.get(0).offset();
        long last = badRows.get(badRows.size() - 1).offset();
        Map<Long, ConsumerRecord<byte[], byte[]>> originals = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : fetcher.fetch(tp, first, last)) {
            originals.put(record.offset(), record);
        }
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(badRows.size());
        for (BadRow bad : badRows) {
            DeadLetter letter = new DeadLetter(Reason.INSERT_REJECTED, "ClickHouse code " + bad.code() + ": " + bad.message(),
                    "com.clickhouse.client.api.ServerException", null, bad.table(), null);
            ConsumerRecord<byte[], byte[]> original = originals.get(bad.offset());
            if (original == null) {
                LOG.error("rejected row {}-{}@{} of table {}: source record no longer readable; dead letter without "
                        + "its value", tp.topic(), tp.partition(), bad.offset(), bad.table());
                out.add(new ProducerRecord<>(dlqTopic, null, null, null, null, letter.headersFor(
                        new RecordHeaders(), tp.topic(), tp.partition(),
                        bad.offset(), -1, applicationId, clock.getAsLong())));
                continue;
            }
            LOG.info("dead letter {} {}-{}@{} table {}: {}", Reason.INSERT_REJECTED, tp.topic(), tp.partition(),
                    bad.offset(), bad.table(), bad.message());
            out.add(new ProducerRecord<>(dlqTopic, null, null, original.key(), original.value(),
                    letter.headersFor(original.headers(), tp.topic(), tp.partition(), bad.offset(),
                            original.timestamp(), applicationId, clock.getAsLong())));
        }
        return out;
    }
}
