package io.chute.localstack.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClickHouseDataDirTest {
    @TempDir
    Path tmp;

    private Path fakeTmpfs() throws IOException {
        return Files.createDirectories(tmp.resolve("shm"));
    }

    @Test
    void shouldLinkWorkDirDataToAnOwnDirectoryWhenTmpfsIsThere() throws IOException {
        Path shm = fakeTmpfs();
        ClickHouseDataDir data = ClickHouseDataDir.create(tmp.resolve("work"), Optional.of(shm));

        assertTrue(data.inTmpfs());
        assertEquals(shm, data.path().getParent());
        assertEquals(Optional.of(ProcessHandle.current().pid()),
                ClickHouseDataDir.ownerPid(data.path().getFileName().toString()));
        Path link = tmp.resolve("work").resolve("data");
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(data.path(), link.toRealPath());
    }

    @Test
    void shouldKeepDataUnderTheWorkDirWhenThereIsNoTmpfs() {
        ClickHouseDataDir data = ClickHouseDataDir.create(tmp.resolve("work"), Optional.empty());

        assertFalse(data.inTmpfs());
        assertEquals(tmp.resolve("work").resolve("data"), data.path());
        assertTrue(Files.isDirectory(data.path()));
    }

    @Test
    void shouldDeleteOnlyATmpfsDirectoryWhenReleased() throws IOException {
        ClickHouseDataDir inTmpfs = ClickHouseDataDir.create(tmp.resolve("a"), Optional.of(fakeTmpfs()));
        ClickHouseDataDir onDisk = ClickHouseDataDir.create(tmp.resolve("b"), Optional.empty());
        Files.writeString(inTmpfs.path().resolve("part"), "x");
        Files.writeString(onDisk.path().resolve("part"), "x");

        inTmpfs.release();
        onDisk.release();

        assertFalse(Files.exists(inTmpfs.path()));
        assertTrue(Files.exists(onDisk.path().resolve("part")));
    }

    @Test
    void shouldReuseTheLinkedDirectoryWhenTheWorkDirIsStartedAgain() throws IOException {
        Path shm = fakeTmpfs();
        ClickHouseDataDir first = ClickHouseDataDir.create(tmp.resolve("work"), Optional.of(shm));
        Files.writeString(first.path().resolve("part"), "x");

        ClickHouseDataDir again = ClickHouseDataDir.create(tmp.resolve("work"), Optional.of(shm));

        assertEquals(first.path(), again.path());
        assertTrue(Files.exists(again.path().resolve("part")));
    }

    @Test
    void shouldReplaceADanglingLinkWhenItsDirectoryWasSwept() throws IOException {
        Path shm = fakeTmpfs();
        ClickHouseDataDir first = ClickHouseDataDir.create(tmp.resolve("work"), Optional.of(shm));
        first.release();

        ClickHouseDataDir again = ClickHouseDataDir.create(tmp.resolve("work"), Optional.of(shm));

        assertTrue(again.inTmpfs());
        assertTrue(Files.isDirectory(again.path()));
        assertEquals(again.path(), tmp.resolve("work").resolve("data").toRealPath());
    }

    @Test
    void shouldSweepDirectoriesOfDeadJvmsButNotOfLiveOnes() throws IOException {
        Path shm = fakeTmpfs();
        long dead = deadPid();
        Path orphan = Files.createDirectories(shm.resolve(ClickHouseDataDir.PREFIX + dead + "-abc123"));
        Files.writeString(orphan.resolve("part"), "x");
        Path live = Files.createDirectories(shm.resolve(ClickHouseDataDir.PREFIX + ProcessHandle.current().pid()
                + "-def456"));
        Path foreign = Files.createDirectories(shm.resolve("someone-else-" + dead));

        ClickHouseDataDir.sweepDeadOwners(shm);

        assertFalse(Files.exists(orphan));
        assertTrue(Files.exists(live));
        assertTrue(Files.exists(foreign));
    }

    @Test
    void shouldReadNoOwnerWhenTheNameIsNotOurs() {
        assertEquals(Optional.empty(), ClickHouseDataDir.ownerPid("chute-clickhouse-x1-abc"));
        assertEquals(Optional.empty(), ClickHouseDataDir.ownerPid("other-12-abc"));
        assertEquals(Optional.of(12L), ClickHouseDataDir.ownerPid("chute-clickhouse-12-abc"));
    }

    private static long deadPid() {
        for (long pid = 4_000_000; ; pid++) {
            if (ProcessHandle.of(pid).isEmpty()) {
                return pid;
            }
        }
    }
}
