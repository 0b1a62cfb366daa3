package io.chute.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.ToLongFunction;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.chute.state.LedgerEntry;
import io.chute.state.LedgerKey;

/** The LANDED entries a stream thread writes when a task of it closes cleanly (grouped inserts). */
final class GroupCloseLanded {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCloseLanded.class);

    private GroupCloseLanded() {
    }

    /**
     * A task of the thread closes cleanly, right after the commit Streams makes before closing it: waits up to
     * {@code wait} for the thread's groups to land, then writes the LANDED entries of its tasks' keys in a
     * transaction of its own, with the offsets last committed for their partitions under the group metadata of the
     * last commit, so a member that left the group meanwhile is fenced (a late LANDED of a lane that moved could
     * become newer than its new owner's entry). Without it a stopped deployment's ledger would say GROUPED for its
     * last groups, which the next start re-inserts, or, older than {@code dedup.window.min.seconds}, settles by the
     * table. Any failure leaves the GROUPED entries: never worse than not writing.
     *
     * @param owned     the partitions of the thread's tasks, the closing one included
     * @param committed a partition's offset last committed by this instance, -1 when unknown
     */
    static void write(ThreadState state, Set<Integer> owned, ToLongFunction<TopicPartition> committed,
                      Duration wait, BiFunction<LedgerKey, LedgerEntry, ProducerRecord<byte[], byte[]>> ledgerRecord) {
        if (state.producer == null || !state.cut.isEmpty()) {
            return;
        }
        try {
            for (ThreadState.InFlight group : state.inFlight) {
                group.done().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException | TimeoutException e) {
            LOG.info("groups still inserting at a task's close ({}): their next owner re-forms them", e.toString());
            return;
        }
        state.harvest(); // every group landed: their LANDED entries join the thread's
        Map<LedgerKey, LedgerEntry> landed = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        state.landed.forEach((key, entry) -> {
            TopicPartition tp = new TopicPartition(key.topic(), key.partition());
            long offset = committed.applyAsLong(tp);
            if (owned.contains(key.partition()) && offset >= 0) {
                landed.put(key, entry);
                offsets.put(tp, new OffsetAndMetadata(offset));
            }
        });
        if (landed.isEmpty()) {
            return;
        }
        if (!(state.producer instanceof HookedProducer producer)) {
            return; // not chute's hooked Streams producer: no transaction of its own to run
        }
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        landed.forEach((key, entry) -> records.add(ledgerRecord.apply(key, entry)));
        try {
            producer.ledgerTransaction(records, offsets, state.groupMetadata);
            landed.keySet().forEach(state.landed::remove);
            LOG.debug("wrote {} LANDED entries at a task's close", landed.size());
        } catch (RuntimeException e) {
            LOG.info("LANDED entries not written at a task's close ({}): their next owner settles the groups",
                    e.toString());
        }
    }
}
