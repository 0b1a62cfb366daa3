package io.chute.localstack.registry;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Properties;
import java.util.jar.JarFile;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import io.chute.localstack.process.Dirs;

/**
 * The Apicurio Registry app ({@code apicurio-registry-app-<v>-all.tar.gz}, a Quarkus legacy-jar: runner jar plus
 * {@code lib/}), unpacked once per machine into {@code ~/.cache/chute/apicurio-registry-<v>/}.
 *
 * <p>The archive is found in the local Maven repository: {@code -Dmaven.repo.local} if set, else the repository
 * of the build that compiled this module, else {@code ~/.m2/repository}. A marker file says the unpack finished;
 * a file lock serialises JVMs that unpack at the same time.
 */
final class ApicurioDistribution {
    private static final String BUILD_INFO = "/io/chute/localstack/apicurio.properties";
    private static final String MARKER = ".unpacked";

    private final String version;
    private final Path home;

    private ApicurioDistribution(String version, Path home) {
        this.version = version;
        this.home = home;
    }

    /**
     * Returns the unpacked distribution, unpacking it first if needed.
     *
     * @throws IllegalStateException if the archive is not in the local Maven repository (build the module first)
     */
    static ApicurioDistribution get() {
        Properties build = buildInfo();
        String version = build.getProperty("version");
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "chute");
        Path home = cache.resolve("apicurio-registry-" + version);
        if (!Files.exists(home.resolve(MARKER))) {
            unpackLocked(archive(build, version), cache, home);
        }
        return new ApicurioDistribution(version, home);
    }

    Path runnerJar() {
        return home.resolve("apicurio-registry-app-" + version + "-runner.jar");
    }

    /** The runner jar's {@code Main-Class} (Quarkus' generated main). */
    String mainClass() {
        try (JarFile jar = new JarFile(runnerJar().toFile())) {
            return jar.getManifest().getMainAttributes().getValue("Main-Class");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + runnerJar(), e);
        }
    }

    private static Path archive(Properties build, String version) {
        String relative = "io/apicurio/apicurio-registry-app/" + version + "/apicurio-registry-app-" + version
                + "-all.tar.gz";
        String[] repos = {System.getProperty("maven.repo.local"), build.getProperty("repository"),
            Path.of(System.getProperty("user.home"), ".m2", "repository").toString()};
        for (String repo : repos) {
            if (repo != null && !repo.isBlank() && !repo.startsWith("${") && Files.isRegularFile(Path.of(repo, relative))) {
                return Path.of(repo, relative);
            }
        }
        throw new IllegalStateException(relative + " is not in the local Maven repository; run the localstack build"
                + " (its fetch-apicurio execution downloads it)");
    }

    private static void unpackLocked(Path archive, Path cache, Path home) {
        Dirs.create(cache);
        try (FileChannel lockFile = FileChannel.open(cache.resolve(home.getFileName() + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = lockFile.lock()) {
            if (!Files.exists(home.resolve(MARKER))) {
                Dirs.deleteRecursively(home);
                unpack(archive, home);
                Files.writeString(home.resolve(MARKER), archive.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + archive + " into " + home, e);
        }
    }

    private static void unpack(Path archive, Path target) throws IOException {
        Path root = Dirs.create(target).toRealPath();
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archive));
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                Path out = root.resolve(e.getName()).normalize();
                if (!out.startsWith(root)) {
                    throw new IOException("archive entry outside the target: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else if (e.isFile()) {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static Properties buildInfo() {
        Properties p = new Properties();
        try (InputStream in = ApicurioDistribution.class.getResourceAsStream(BUILD_INFO)) {
            if (in == null) {
                throw new IllegalStateException(BUILD_INFO + " missing: build the localstack module with Maven");
            }
            p.load(in);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
