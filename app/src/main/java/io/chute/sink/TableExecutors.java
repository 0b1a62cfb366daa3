package io.chute.sink;

import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shared insert pool, with at most {@code maxPerTable} of its threads running one table's steps at a time: a
 * table whose inserts retry with backoff (an outage of that table, TOO_MANY_PARTS) sleeps on at most that many
 * threads, and the other tables keep the rest. {@link InsertPipeline} uses {@link #forTable}; {@link #execute}
 * runs on the pool without a limit.
 */
public final class TableExecutors implements Executor {
    private final Executor pool;
    private final int maxPerTable;
    private final Map<String, Limited> tables = new ConcurrentHashMap<>();

    public TableExecutors(Executor pool, int maxPerTable) {
        if (maxPerTable < 1) {
            throw new IllegalArgumentException("maxPerTable must be >= 1");
        }
        this.pool = Objects.requireNonNull(pool);
        this.maxPerTable = maxPerTable;
    }

    /** Half the pool per table (at least one thread): two sick tables still leave nothing starved for long. */
    public static TableExecutors halfPerTable(Executor pool, int threads) {
        return new TableExecutors(pool, Math.max(1, (threads + 1) / 2));
    }

    public Executor forTable(String table) {
        return tables.computeIfAbsent(table, t -> new Limited());
    }

    @Override
    public void execute(Runnable command) {
        pool.execute(command);
    }

    /** Runs queued steps on the pool, at most {@code maxPerTable} at once, in submission order. */
    private final class Limited implements Executor {
        private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
        private final AtomicInteger running = new AtomicInteger();

        @Override
        public void execute(Runnable command) {
            queue.add(command);
            drain();
        }

        private void drain() {
            while (!queue.isEmpty()) {
                int now = running.get();
                if (now >= maxPerTable) {
                    return; // a finishing step drains again
                }
                if (!running.compareAndSet(now, now + 1)) {
                    continue;
                }
                Runnable next = queue.poll();
                if (next == null) {
                    running.decrementAndGet();
                    continue;
                }
                try {
                    pool.execute(() -> {
                        try {
                            next.run();
                        } finally {
                            running.decrementAndGet();
                            drain();
                        }
                    });
                } catch (RuntimeException e) {
                    running.decrementAndGet();
                    throw e;
                }
            }
        }
    }
}
