package io.chute.localstack.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.chute.localstack.TestClasspath;

/** Fakes what a previous run leaves behind: a {@code <name>.pid} naming a live child and some parent. */
public final class StaleChildren {
    private StaleChildren() {
    }

    /** Starts a sleeping child (once it runs java, not the JDK's spawn helper) {@code name} in {@code dir} and records {@code parentPid} as its owner. */
    public static ChildProcess leave(Path dir, String name, long parentPid) throws IOException {
        ChildProcess child = ChildProcess.builder(name).classpath(TestClasspath.withTestClasses())
                .mainClass(SleepMain.class.getName()).workDir(dir).start();
        Files.writeString(dir.resolve(name + ".pid"), child.pid() + " " + parentPid + "\n");
        child.awaitReady(Duration.ofSeconds(10), () -> ProcessHandle.of(child.pid()).flatMap(h -> h.info().commandLine())
                .map(c -> c.contains(ChildProcess.MARKER)).orElse(false));
        return child;
    }

    /** A pid that no live process has (a finished {@code true}). */
    public static long deadPid() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }
}
