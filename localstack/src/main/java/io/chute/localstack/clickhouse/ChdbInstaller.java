package io.chute.localstack.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Puts the pinned chDB engine ({@code libchdb.so}, the real ClickHouse engine as a library) into a per-user cache
 * outside the repository: {@code ~/.cache/chute/chdb/<version>/libchdb.so}.
 *
 * <p>The library ships only as an npm package, so it is fetched with the ordinary npm client ({@code npm pack}); the
 * tarball's SHA-512 must equal the pinned npm integrity or installation fails. Installation is guarded by a file lock,
 * so concurrent JVMs install once; the library appears in place only by an atomic move, so a reader never sees a
 * partial file.
 */
public final class ChdbInstaller {
    public static final String VERSION = "26.7.3-stable.1";
    static final String PACKAGE = "@chdb/lib-linux-x64-gnu";
    static final String INTEGRITY =
            "sha512-XP97mMqnc5tZpKQywR8N7cLTsHNiTmHr30pC5mzo3jWmukjKn2IBa60c2B/gWUNcuFjOMjWoorQICCqBVj5wpw==";
    private static final String LIBRARY_ENTRY = "package/libchdb.so";
    private static final long NPM_TIMEOUT_MINUTES = 30;

    private ChdbInstaller() {
    }

    /** The cached library, installing it first if absent. Fails with an exception saying what went wrong. */
    public static Path ensureInstalled() {
        return ensureInstalled(cacheDir());
    }

    static Path ensureInstalled(Path dir) {
        Path library = dir.resolve("libchdb.so");
        if (Files.isRegularFile(library)) {
            return library;
        }
        try {
            Files.createDirectories(dir);
            try (FileChannel lockFile = FileChannel.open(dir.resolve(".install.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = lockFile.lock()) {
                if (!Files.isRegularFile(library)) {
                    install(dir, library);
                }
            }
            return library;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install chDB " + VERSION + " into " + dir, e);
        }
    }

    static Path cacheDir() {
        return Path.of(System.getProperty("user.home"), ".cache", "chute", "chdb", VERSION);
    }

    private static void install(Path dir, Path library) throws IOException {
        Path work = Files.createTempDirectory(dir, "download-");
        try {
            Path tarball = npmPack(work);
            verifyIntegrity(tarball, INTEGRITY);
            Path extracted = work.resolve("libchdb.so");
            extractLibrary(tarball, extracted);
            try {
                Files.move(extracted, library, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cache directory does not support atomic moves: " + dir, e);
            }
        } finally {
            deleteRecursively(work);
        }
    }

    private static Path npmPack(Path work) throws IOException {
        Path log = work.resolve("npm.log");
        ProcessBuilder pb = new ProcessBuilder("npm", "pack", PACKAGE + "@" + VERSION, "--pack-destination",
                work.toString()).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Process npm = pb.start();
        try {
            if (!npm.waitFor(NPM_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                npm.destroyForcibly();
                throw new IOException("npm pack timed out after " + NPM_TIMEOUT_MINUTES + " min");
            }
        } catch (InterruptedException e) {
            npm.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running npm pack", e);
        }
        if (npm.exitValue() != 0) {
            throw new IOException("npm pack failed (exit " + npm.exitValue() + "): " + Files.readString(log));
        }
        try (Stream<Path> files = Files.list(work)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tgz")).findFirst()
                    .orElseThrow(() -> new IOException("npm pack produced no tarball in " + work));
        }
    }

    /** Checks a file against an npm/SRI integrity string ({@code sha512-<base64>}); throws if it differs. */
    static void verifyIntegrity(Path file, String integrity) throws IOException {
        if (!integrity.startsWith("sha512-")) {
            throw new IllegalArgumentException("only sha512 integrity is supported: " + integrity);
        }
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        String actual = "sha512-" + Base64.getEncoder().encodeToString(digest.digest());
        if (!actual.equals(integrity)) {
            throw new SecurityException("integrity mismatch for " + file + ": expected " + integrity + " but got " + actual);
        }
    }

    private static void extractLibrary(Path tarball, Path target) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GzipCompressorInputStream(Files.newInputStream(tarball)))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (LIBRARY_ENTRY.equals(entry.getName())) {
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                    return;
                }
            }
        }
        throw new IOException(tarball + " holds no " + LIBRARY_ENTRY);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
