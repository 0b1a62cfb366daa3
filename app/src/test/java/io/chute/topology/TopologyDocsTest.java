package io.chute.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.chute.config.ChuteConfig;

/**
 * Keeps {@code topology-docs/topology.txt} equal to the generated topology description of the reference
 * configuration ({@link TopologyFixture#baseConfig()}: source topic {@code events}, dead letters to
 * {@code events-dlq}). Regenerate with {@code -Dchute.docs.update=true}.
 */
class TopologyDocsTest {
    private static final String UPDATE_PROPERTY = "chute.docs.update";

    static String generated() {
        TopologyFixture fixture = new TopologyFixture();
        return ChuteTopology.build(fixture.config, fixture.deps).describe().toString();
    }

    /** The repository root: the nearest directory upwards that holds {@code topology-docs/}. */
    static Path docsDir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("topology-docs"))) {
                return dir.resolve("topology-docs");
            }
        }
        throw new IllegalStateException("no topology-docs/ above " + Path.of("").toAbsolutePath());
    }

    @Test
    void shouldMatchCheckedInTopologyTxtWhenTopologyIsBuilt() throws IOException {
        Path file = docsDir().resolve("topology.txt");
        String expected = generated();
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            Files.writeString(file, expected, StandardCharsets.UTF_8);
        }
        String actual = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "<missing>";
        assertEquals(expected, actual, file + " is out of date with ChuteTopology: regenerate it with "
                + "mvn -pl app -am verify -Dtest=TopologyDocsTest -Dsurefire.failIfNoSpecifiedTests=false "
                + "-D" + UPDATE_PROPERTY + "=true (and update topology.md if nodes changed)");
    }

    @Test
    void shouldDescribeIdenticallyWhenBuiltTwice() {
        assertEquals(generated(), generated());
    }

    @Test
    void shouldNameNumberedNodesWhenDescribed() {
        TopologyFixture fixture = new TopologyFixture(Map.of(ChuteConfig.SOURCE_TOPICS_CONFIG, "a,b",
                ChuteConfig.DLQ_TOPIC_CONFIG, "dead"), Map.of());
        String text = ChuteTopology.build(fixture.config, fixture.deps).describe().toString();

        assertTrue(text.contains("Source: 01-source (topics: [a, b])"), text);
        assertTrue(text.contains("--> 02-ingest"), text);
        assertTrue(text.contains("Processor: 02-ingest (stores: [])"), text);
        assertTrue(text.contains("--> 03-dead-letters"), text);
        assertTrue(text.contains("Sink: 03-dead-letters (topic: dead)"), text);
    }

    @Test
    void shouldMentionEveryNodeWhenReadingTopologyMd() throws IOException {
        String md = Files.readString(docsDir().resolve("topology.md"), StandardCharsets.UTF_8);
        for (String node : new String[] {ChuteTopology.SOURCE, ChuteTopology.INGEST, ChuteTopology.DEAD_LETTERS}) {
            assertTrue(md.contains("\"" + node), "topology.md's diagram lacks node " + node);
        }
    }
}
