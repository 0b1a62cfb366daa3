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

    /** The end of one partition, updated in place (callers keep the reference: no lookup per poll or record). */
    public static final class End {
        private volatile long offset = UNKNOWN;

        public long offset() {
            return offset;
        }

        public void set(long offset) {
            this.offset = offset;
        }
    }

    private record Key(String topic, int partition) {
    }

    public End of(String topic, int partition) {
        return ends.computeIfAbsent(new Key(Objects.requireNonNull(topic), partition), k -> new End());
    }
}
