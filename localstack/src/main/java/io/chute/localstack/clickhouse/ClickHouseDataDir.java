package io.chute.localstack.clickhouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import io.chute.localstack.process.Dirs;

/**
 * Where the local engine keeps its tables: by default a directory in the machine's tmpfs ({@code /dev/shm}), linked
 * from {@code workDir/data}; {@code -D}{@value #TMPFS_PROPERTY}{@code =false}, or a machine without a writable
 * {@code /dev/shm}, keeps it in {@code workDir/data}.
 *
 * <p>Why: ClickHouse writes a directory of about ten files per INSERT (one part) and deletes the files of every part it
 * merges away. On the ext4 this project's machines run, which has no journal, the kernel then scans the inode table
 * for recently deleted inodes on every file it creates ({@code ext4_create -> recently_deleted}): perf showed 40% of
 * the engine's CPU there during small inserts, and a 1-row INSERT cost 12-16 ms of engine CPU on disk against 3-4 ms
 * in tmpfs. A production server (journaled ext4 or XFS) does not pay that, so the local engine in tmpfs is the closer
 * stand-in, and what it costs depends less on what the previous run deleted. The data is test data: losing it with
 * the machine is fine, and it survives {@link LocalClickHouse#stop()}, {@link LocalClickHouse#kill()} and
 * {@link LocalClickHouse#restart()} like the on-disk directory does.
 *
 * <p>{@link #release()} deletes a tmpfs directory; one left by a JVM that died (its name carries that JVM's pid) is
 * deleted by the next {@link #create} on the machine, since tmpfs holds memory.
 */
final class ClickHouseDataDir {
    /** System property: {@code false} keeps the engine's data under the work dir. */
    static final String TMPFS_PROPERTY = "chute.localstack.clickhouse.tmpfs";
    static final Path SHM = Path.of("/dev/shm");
    static final String PREFIX = "chute-clickhouse-";

    private final Path path;
    private final boolean inTmpfs;

    private ClickHouseDataDir(Path path, boolean inTmpfs) {
        this.path = path;
        this.inTmpfs = inTmpfs;
    }

    /** The data directory for an engine whose work dir is {@code workDir}, per {@value #TMPFS_PROPERTY}. */
    static ClickHouseDataDir create(Path workDir) {
        boolean wanted = Boolean.parseBoolean(System.getProperty(TMPFS_PROPERTY, "true"));
        return create(workDir, wanted && Files.isDirectory(SHM) && Files.isWritable(SHM) ? Optional.of(SHM)
                : Optional.empty());
    }

    /** In {@code tmpfs} when present (linked from {@code workDir/data}), else {@code workDir/data}. */
    static ClickHouseDataDir create(Path workDir, Optional<Path> tmpfs) {
        Path link = workDir.resolve("data");
        if (Files.isSymbolicLink(link)) {
            Optional<Path> linked = target(link);
            if (linked.isPresent()) {
                return new ClickHouseDataDir(linked.get(), true);
            }
            deleteQuietly(link);
        }
        if (tmpfs.isEmpty() || Files.exists(link)) {
            // a directory already under the work dir keeps its tables there
            return new ClickHouseDataDir(Dirs.create(link), false);
        }
        sweepDeadOwners(tmpfs.get());
        Path dir = Dirs.create(tmpfs.get().resolve(PREFIX + ProcessHandle.current().pid() + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF))));
        try {
            Files.createDirectories(workDir);
            Files.createSymbolicLink(link, dir);
        } catch (IOException e) {
            Dirs.deleteRecursively(dir);
            throw new UncheckedIOException("cannot link " + link + " to " + dir, e);
        }
        return new ClickHouseDataDir(dir, true);
    }

    private static Optional<Path> target(Path link) {
        try {
            Path t = link.resolveSibling(Files.readSymbolicLink(link));
            return Files.isDirectory(t) ? Optional.of(t) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Where the engine writes. */
    Path path() {
        return path;
    }

    boolean inTmpfs() {
        return inTmpfs;
    }

    /** Deletes a tmpfs directory (the engine must be stopped); a directory under the work dir is kept. */
    void release() {
        if (inTmpfs) {
            Dirs.deleteRecursively(path);
        }
    }

    /** Deletes {@code chute-clickhouse-<pid>-*} directories whose JVM is gone. */
    static void sweepDeadOwners(Path tmpfs) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmpfs, PREFIX + "*")) {
            for (Path dir : dirs) {
                ownerPid(dir.getFileName().toString())
                        .filter(pid -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true))
                        .ifPresent(dead -> deleteQuietly(dir));
            }
        } catch (IOException | UncheckedIOException e) {
            // best effort: a leftover costs memory, not correctness; the next start tries again
        }
    }

    static Optional<Long> ownerPid(String name) {
        if (!name.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = name.substring(PREFIX.length());
        int dash = rest.indexOf('-');
        try {
            return Optional.of(Long.parseLong(dash < 0 ? rest : rest.substring(0, dash)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            if (Files.isSymbolicLink(dir)) {
                Files.deleteIfExists(dir);
            } else {
                Dirs.deleteRecursively(dir);
            }
        } catch (IOException | UncheckedIOException e) {
            // another sweeper or the owner's own release got there first
        }
    }
}
