package io.chute.state;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Group commit of one transactional producer's ledger writes (issue 10): callers that overlap share one
 * transaction. A caller queues its records, then either leads (no transaction running and it is the oldest queued:
 * it commits every queued caller's records, in queue order, in one transaction) or waits until a transaction
 * holding its records ended. Each caller returns only once that transaction committed, and gets that
 * transaction's exception if it failed, so durability and failures are exactly those of a transaction per call.
 *
 * <p>No timer, no linger: a lone caller leads at once, and a batch forms only from callers that queued while a
 * transaction was running (the lanes of one task insert on several threads, and a transaction takes the broker
 * milliseconds). The oldest queued caller always leads, so a leader's own records are in the transaction it runs:
 * counting leaders counts transactions.
 */
final class GroupCommit {

    /** Most callers in one transaction: a batch never grows without bound. */
    static final int MAX_CALLERS = 64;
    /** Most record bytes (keys and values) in one transaction; a caller above it alone still goes. */
    static final long MAX_BYTES = 1L << 20;

    /** Runs one transaction of the records; what it throws fails every caller of the batch. */
    @FunctionalInterface
    interface Transaction {
        void commit(List<ProducerRecord<byte[], byte[]>> records, String what);
    }

    private final Transaction transaction;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ended = lock.newCondition();
    private final ArrayDeque<Write> queue = new ArrayDeque<>();
    private boolean running;

    GroupCommit(Transaction transaction) {
        this.transaction = Objects.requireNonNull(transaction);
    }

    /**
     * Writes {@code records} (in order) in a committed transaction, shared with whatever other callers queued.
     *
     * @param what describes the records for an exception's message
     * @return 1 when this caller committed the transaction itself, 0 when another caller's transaction held them
     */
    int write(List<ProducerRecord<byte[], byte[]>> records, String what) {
        Write mine = new Write(records, what);
        List<Write> batch;
        lock.lock();
        try {
            queue.addLast(mine);
            // uninterruptible, like the monitor a lone write waited on: the records are queued and will be written
            while (!mine.done && (running || queue.peekFirst() != mine)) {
                ended.awaitUninterruptibly();
            }
            if (mine.done) {
                mine.rethrowFailure();
                return 0;
            }
            running = true;
            batch = takeBatch();
        } finally {
            lock.unlock();
        }
        lead(batch);
        mine.rethrowFailure();
        return 1;
    }

    private List<Write> takeBatch() {
        List<Write> batch = new ArrayList<>();
        long bytes = 0;
        while (!queue.isEmpty() && batch.size() < MAX_CALLERS
                && (batch.isEmpty() || bytes + queue.peekFirst().bytes <= MAX_BYTES)) {
            Write next = queue.pollFirst();
            bytes += next.bytes;
            batch.add(next);
        }
        return batch;
    }

    private void lead(List<Write> batch) {
        Throwable failure = null;
        try {
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            for (Write w : batch) {
                records.addAll(w.records);
            }
            transaction.commit(records, batch.size() == 1 ? batch.get(0).what
                    : batch.get(0).what + " and the entries of " + (batch.size() - 1) + " more calls");
        } catch (RuntimeException | Error e) {
            failure = e;
        } finally {
            lock.lock();
            try {
                for (Write w : batch) {
                    w.failure = failure;
                    w.done = true;
                }
                running = false;
                ended.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** One caller's records and, once its transaction ended, how it ended. Guarded by the lock. */
    private static final class Write {
        final List<ProducerRecord<byte[], byte[]>> records;
        final String what;
        final long bytes;
        boolean done;
        Throwable failure;

        Write(List<ProducerRecord<byte[], byte[]>> records, String what) {
            this.records = records;
            this.what = what;
            long sum = 0;
            for (ProducerRecord<byte[], byte[]> r : records) {
                sum += length(r.key()) + length(r.value());
            }
            this.bytes = sum;
        }

        private static int length(byte[] bytes) {
            return bytes == null ? 0 : bytes.length;
        }

        /** Throws the transaction's exception, the same for every caller of the batch, if it failed. */
        void rethrowFailure() {
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
        }
    }
}
