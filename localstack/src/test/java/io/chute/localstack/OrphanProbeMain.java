package io.chute.localstack;

import java.nio.file.Path;

/**
 * Test helper run as its own JVM by {@link NoOrphansIT}: starts a stack without ClickHouse under {@code args[0]},
 * prints {@code PIDS <kafka> <registry>} and waits to be killed.
 */
public final class OrphanProbeMain {
    private OrphanProbeMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        LocalStack stack = LocalStack.start(Path.of(args[0]), LocalStack.Options.defaults().withClickHouse(false));
        System.out.println("PIDS " + stack.kafka().pid() + " " + stack.registry().pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
