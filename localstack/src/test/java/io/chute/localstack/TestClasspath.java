package io.chute.localstack;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;

import io.chute.localstack.process.StackClasspath;

/** Classpath for test helper JVMs: the test classes plus the local stack's runtime classpath. */
public final class TestClasspath {
    private TestClasspath() {
    }

    public static String withTestClasses() {
        try {
            Path tests = Path.of(TestClasspath.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return tests + File.pathSeparator + StackClasspath.childClasspath();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
