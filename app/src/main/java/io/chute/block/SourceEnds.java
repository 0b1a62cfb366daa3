package io.chute.block;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each source partition ends, as the instance's main consumers last saw it (the high watermark, or the last
 * stable offset under read_committed), so that a lane can tell a backlog from a live trickle: rows of a partition
 * far behind its end keep coming as fast as they are read, rows of a caught-up partition come at the producers'
 * pace. Written by the stream thread that polls the partition, read by its task's punctuation (which may run on
 * another thread of the instance after the task moved). Thread-safe.
 */
public final class SourceEnds {
    /** No fetch has returned the partition's end yet. */
    public static final long UNKNOWN = -1;

    private final ConcurrentHashMap<Key, End> ends = new ConcurrentHashMap<>();

    /**
     * The end of one partition, updated in place (callers keep the reference: no lookup per poll or record), with
     * the offset of the last record the consumer had returned when it saw that end. Both are needed: under
     * read_committed the end counts a transaction marker after the last record, so "one offset left" may be a marker
     * or a record, and a partition taken as caught up one record early closed its block, and its last record then
     * waited for the grown linger (up to 128 s at 256 partitions: the idle stretches of slow 256-partition runs).
     */
    public static final class End {
        private volatile Mark mark = Mark.UNSEEN;

        public long offset() {
            return mark.end;
        }

        /** The last record the consumer had returned when it saw {@link #offset()}; -1 when none. */
        public long lastRecord() {
            return mark.lastRecord;
        }

        /** An end whose records before it are all records (no transaction marker): the last one is end - 1. */
        public void set(long offset) {
            set(offset, offset - 1);
        }

        public void set(long offset, long lastRecord) {
            this.mark = new Mark(offset, lastRecord);
        }

        /** Whether a task that took {@code lastRead} took every record up to the end, at most a marker left. */
        boolean reachedBy(long lastRead) {
            Mark m = mark;
            return m.end != UNKNOWN && lastRead >= m.lastRecord && m.end - lastRead - 1 <= CatchUp.CAUGHT_UP_RECORDS;
        }
    }

    /** One immutable pair, so that a reader never sees an end with the last record of another poll. */
    private record Mark(long end, long lastRecord) {
        static final Mark UNSEEN = new Mark(UNKNOWN, UNKNOWN);
    }

    private record Key(String topic, int partition) {
    }

    public End of(String topic, int partition) {
        return ends.computeIfAbsent(new Key(Objects.requireNonNull(topic), partition), k -> new End());
    }
}
