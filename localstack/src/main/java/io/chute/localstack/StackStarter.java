package io.chute.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import io.chute.localstack.clickhouse.LocalClickHouse;
import io.chute.localstack.kafka.LocalKafka;
import io.chute.localstack.registry.LocalRegistry;

/** Starts the services of a {@link LocalStack} in parallel and cleans up after a partial failure. */
final class StackStarter {
    private StackStarter() {
    }

    static LocalStack start(Path stackDir, LocalStack.Options options) {
        long t0 = System.nanoTime();
        Path workDir = stackDir.toAbsolutePath().normalize();
        ExecutorService pool = Executors.newFixedThreadPool(3, r -> {
            Thread t = new Thread(r, "chute-stack-start");
            t.setDaemon(true);
            return t;
        });
        try {
            CompletableFuture<LocalKafka> kafka = async(pool, () -> LocalKafka.start(workDir.resolve("kafka")));
            CompletableFuture<LocalRegistry> registry = async(pool, () -> LocalRegistry.start(workDir.resolve("registry")));
            CompletableFuture<LocalClickHouse> clickHouse = options.clickHouse()
                    ? async(pool, () -> LocalClickHouse.start(workDir.resolve("clickhouse")))
                    : CompletableFuture.completedFuture(null);
            try {
                CompletableFuture.allOf(kafka, registry, clickHouse).join();
            } catch (CompletionException e) {
                closeAll(finished(clickHouse), finished(registry), finished(kafka));
                throw new IllegalStateException("local stack did not start under " + workDir, e.getCause());
            }
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            return new LocalStack(kafka.join(), registry.join(), clickHouse.join(), took);
        } finally {
            pool.shutdown();
        }
    }

    /** Closes each non-null service, going on after a failure, then rethrows the first failure. */
    static void closeAll(AutoCloseable... services) {
        RuntimeException first = null;
        for (AutoCloseable s : services) {
            try {
                if (s != null) {
                    s.close();
                }
            } catch (Exception e) {
                if (first == null) {
                    first = new IllegalStateException("cannot stop the local stack cleanly", e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static <T> CompletableFuture<T> async(ExecutorService pool, Supplier<T> start) {
        return CompletableFuture.supplyAsync(start, pool);
    }

    private static <T> T finished(CompletableFuture<T> f) {
        // after allOf completed (exceptionally), every future is done: either a service or a failure
        return f.isDone() && !f.isCompletedExceptionally() ? f.join() : null;
    }
}
