package io.chute.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.chute.localstack.process.StackClasspath;

/** A {@code kill -9} of the JVM that started the stack must not leave brokers or registries behind. */
class NoOrphansIT {
    @TempDir
    Path workDir;

    @Test
    void shouldStopChildrenWhenParentIsKilledWithSigkill() throws Exception {
        Process probe = new ProcessBuilder(StackClasspath.javaExecutable(), "-cp", TestClasspath.withTestClasses(),
                OrphanProbeMain.class.getName(), workDir.toString())
                .redirectError(workDir.resolve("probe.err").toFile())
                .start();
        try {
            long[] children = awaitChildPids(probe);
            assertEquals(2, children.length);
            for (long pid : children) {
                assertTrue(alive(pid), "child " + pid + " should run before the kill");
            }

            probe.destroyForcibly(); // SIGKILL: no shutdown hooks run in the parent
            assertTrue(probe.waitFor(10, TimeUnit.SECONDS));

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (Arrays.stream(children).anyMatch(NoOrphansIT::alive) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            for (long pid : children) {
                assertFalse(alive(pid), "child " + pid + " outlived its killed parent");
            }
        } finally {
            probe.destroyForcibly();
        }
    }

    private static long[] awaitChildPids(Process probe) throws Exception {
        CompletableFuture<Optional<String>> line = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(probe.getInputStream(),
                    StandardCharsets.UTF_8))) {
                return out.lines().filter(l -> l.startsWith("PIDS ")).findFirst();
            } catch (Exception e) {
                return Optional.empty();
            }
        });
        String pids = line.get(120, TimeUnit.SECONDS).orElseThrow(() -> new AssertionError("probe printed no PIDS"));
        return List.of(pids.substring(5).trim().split(" ")).stream().mapToLong(Long::parseLong).toArray();
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
