package io.chute.localstack.process;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The classpath of a local-stack child JVM: this module's classes plus its runtime dependencies, as listed at
 * build time by maven-dependency-plugin in {@code io/chute/localstack/runtime.classpath}. It does not depend on
 * how the parent JVM was launched (surefire manifest jar, exec plugin, IDE).
 */
public final class StackClasspath {
    private static final String RESOURCE = "/io/chute/localstack/runtime.classpath";

    private StackClasspath() {
    }

    public static String childClasspath() {
        return ownLocation() + File.pathSeparator + dependencies();
    }

    public static String javaExecutable() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The directory or jar holding the local-stack classes alone (e.g. {@link ParentWatch} for a foreign app). */
    public static String ownClasses() {
        return ownLocation();
    }

    private static String ownLocation() {
        try {
            return Path.of(StackClasspath.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the local-stack classes", e);
        }
    }

    private static String dependencies() {
        try (InputStream in = StackClasspath.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " missing: build the localstack module with Maven first");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
