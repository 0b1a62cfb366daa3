package io.chute.localstack.process;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;

/**
 * Entry point of every local-stack child JVM: {@code ParentWatch <parentPid> <mainClass> [args...]}.
 *
 * <p>It starts a daemon thread that halts this JVM as soon as the parent process is gone, then runs
 * {@code mainClass.main(args)}. This is what keeps a {@code kill -9} of a test JVM from leaving brokers,
 * registries or ClickHouse fronts behind: the JDK has no portable parent-death signal, so the child watches.
 */
public final class ParentWatch {
    private static final long POLL_MS = 250;

    private ParentWatch() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: ParentWatch <parentPid> <mainClass> [args...]");
            System.exit(2);
        }
        long parentPid = Long.parseLong(args[0]);
        watch(parentPid);
        Class<?> target = Class.forName(args[1]);
        Method main = target.getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
    }

    static void watch(long parentPid) {
        Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
        if (parent.isEmpty()) {
            Runtime.getRuntime().halt(143);
        }
        Thread watcher = new Thread(() -> {
            while (true) {
                if (!parent.get().isAlive()) {
                    // halt, not exit: shutdown hooks of a broker can block for seconds on a dead cluster.
                    Runtime.getRuntime().halt(143);
                }
                try {
                    Thread.sleep(POLL_MS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
