package io.chute.localstack.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds a Java 17 {@code java} executable for the registry, which is built and tested for 17 (Quarkus 3.15).
 *
 * <p>Order: the running JVM if it is 17; {@code -Dchute.java17.home} or {@code $JAVA17_HOME}; a JDK 17 under
 * {@code /usr/lib/jvm}; otherwise the running JVM (the registry may still work on a newer Java).
 */
final class JavaRuntimes {
    private static final Path JVM_ROOT = Path.of("/usr/lib/jvm");

    private JavaRuntimes() {
    }

    static String java17() {
        Path current = Path.of(System.getProperty("java.home"));
        if (Runtime.version().feature() == 17) {
            return javaIn(current).toString();
        }
        return configured().or(JavaRuntimes::installed).orElse(current).resolve("bin").resolve("java").toString();
    }

    private static Optional<Path> configured() {
        String home = System.getProperty("chute.java17.home", System.getenv("JAVA17_HOME"));
        return Optional.ofNullable(home).map(Path::of).filter(h -> Files.isExecutable(javaIn(h)));
    }

    private static Optional<Path> installed() {
        if (!Files.isDirectory(JVM_ROOT)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(JVM_ROOT)) {
            return dirs.filter(JavaRuntimes::isJava17).sorted(Comparator.naturalOrder()).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean isJava17(Path home) {
        Path release = home.resolve("release");
        try {
            return Files.isExecutable(javaIn(home)) && Files.isRegularFile(release)
                    && Files.readString(release).contains("JAVA_VERSION=\"17");
        } catch (IOException e) {
            return false;
        }
    }

    private static Path javaIn(Path home) {
        return home.resolve("bin").resolve("java");
    }
}
