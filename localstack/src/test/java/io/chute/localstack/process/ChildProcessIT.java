package io.chute.localstack.process;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.chute.localstack.TestClasspath;

class ChildProcessIT {
    @TempDir
    Path dir;

    @Test
    void shouldKillLeftoverChildWhenItsParentIsGone() throws Exception {
        try (ChildProcess leftover = StaleChildren.leave(dir, "svc", StaleChildren.deadPid())) {
            ChildProcess.reapStale(dir, "svc");
            assertFalse(leftover.isAlive());
            assertFalse(Files.exists(dir.resolve("svc.pid")));
        }
    }

    @Test
    void shouldRefuseWorkDirWhenLiveProcessOwnsTheChild() throws Exception {
        Process owner = new ProcessBuilder("sleep", "60").start();
        try (ChildProcess child = StaleChildren.leave(dir, "svc", owner.pid())) {
            assertThrows(IllegalStateException.class, () -> ChildProcess.reapStale(dir, "svc"));
            assertTrue(child.isAlive());
        } finally {
            owner.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldRemovePidFileWhenChildStops() throws Exception {
        ChildProcess child = ChildProcess.builder("svc").classpath(TestClasspath.withTestClasses())
                .mainClass(SleepMain.class.getName()).workDir(dir).start();
        assertTrue(Files.exists(dir.resolve("svc.pid")));
        child.close();
        assertFalse(Files.exists(dir.resolve("svc.pid")));
    }
}
