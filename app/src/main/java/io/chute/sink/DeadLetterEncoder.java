package io.chute.sink;

import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;

import io.chute.block.Block;

/** Turns the bad rows of a block into dead-letter records, written in the block's ledger "landed" transaction. */
@FunctionalInterface
public interface DeadLetterEncoder {

    /** Called only with a non-empty list; must return at least one record per bad row (never drop silently). */
    List<ProducerRecord<byte[], byte[]>> encode(Block block, List<BadRow> badRows);
}
