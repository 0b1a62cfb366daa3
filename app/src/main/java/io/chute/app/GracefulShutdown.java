package io.chute.app;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM/SIGINT handling of {@code chute run}: the first signal starts a graceful, bounded shutdown
 * ({@link ChuteApp#shutdown()}) and the process exits 0 when it was clean; a second signal exits at once with 1.
 * Either way nothing is lost: rows whose blocks did not land have no committed offset and are read again.
 *
 * <p>The JVM's own SIGTERM handling (shutdown hooks) cannot exit 0 and cannot tell a second signal from the first,
 * hence {@code sun.misc.Signal}, as Kafka's own scripts' handlers do.
 */
public final class GracefulShutdown {
    private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);

    private final BooleanSupplier started;
    private final BooleanSupplier shutdown;
    private final IntConsumer halt;
    private final AtomicInteger signals = new AtomicInteger();
    private final CompletableFuture<Boolean> done = new CompletableFuture<>();

    GracefulShutdown(BooleanSupplier started, BooleanSupplier shutdown, IntConsumer halt) {
        this.started = started;
        this.shutdown = shutdown;
        this.halt = halt;
    }

    /** Handles TERM and INT for {@code app} from now on. */
    public static GracefulShutdown install(ChuteApp app) {
        GracefulShutdown handler = new GracefulShutdown(() -> app.streams().isPresent(), app::shutdown,
                code -> Runtime.getRuntime().halt(code));
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> handler.onSignal("SIG" + signal.getName()));
        }
        return handler;
    }

    void onSignal(String name) {
        if (signals.incrementAndGet() > 1) {
            LOG.warn("second {}: exiting now; rows of open blocks are not committed and are read again on restart",
                    name);
            halt.accept(1);
            return;
        }
        if (!started.getAsBoolean()) {
            LOG.warn("{} during start-up: exiting now (nothing was processed yet)", name);
            halt.accept(1);
            return;
        }
        LOG.info("{}: shutting down gracefully (a second signal exits at once)", name);
        Thread t = new Thread(() -> {
            try {
                done.complete(shutdown.getAsBoolean());
            } catch (RuntimeException e) {
                LOG.error("graceful shutdown failed", e);
                done.complete(false);
            }
        }, "chute-graceful-shutdown");
        t.start();
    }

    /**
     * The process exit code once the app stopped: when a signal started the shutdown, waits for it to finish and
     * gives 0 if it was clean, else 1; otherwise {@code appExitCode}.
     */
    public int exitCode(int appExitCode) throws InterruptedException {
        if (signals.get() == 0) {
            return appExitCode;
        }
        try {
            return done.get() && appExitCode == 0 ? 0 : 1;
        } catch (ExecutionException e) {
            return 1;
        }
    }
}
