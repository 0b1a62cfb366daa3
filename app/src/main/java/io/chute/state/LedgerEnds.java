package io.chute.state;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;

/**
 * The offsets a ledger read must reach before its view is complete. They must be the high watermarks (what is in
 * the log), not a read_committed consumer's end offsets: those are the last stable offsets, which stop at the
 * first transaction still open on the partition (another task's ledger write, or an orphan of a killed instance
 * until its {@code transaction.timeout.ms}), so entries committed after it would be missed.
 */
@FunctionalInterface
public interface LedgerEnds {

    /** @throws LedgerException if the offsets cannot be had within {@code timeout} */
    Map<TopicPartition, Long> of(List<TopicPartition> partitions, Duration timeout);
}
