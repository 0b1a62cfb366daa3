package io.chute.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

import io.chute.serde.CompatibilityResult;
import io.chute.serde.RegisteredSchema;
import io.chute.serde.RegistryException;
import io.chute.serde.RegistryRejectedException;
import io.chute.serde.SchemaNotFoundException;
import io.chute.serde.SchemaRegistryClient;

/**
 * {@code chute schemas check|register}: the registry decides compatibility (at the subject's configured level);
 * chute adds a diff-style explanation computed locally with Avro ({@link CompatibilityExplainer}), since some
 * registries give no reasons.
 */
public final class SchemaTool {
    private final SchemaRegistryClient registry;

    public SchemaTool(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    /**
     * The registry's verdict plus the explanation.
     *
     * @param compatible   the registry's verdict
     * @param level        the subject's compatibility level
     * @param explanation  lines, first a summary
     */
    public record Verdict(boolean compatible, String level, List<String> explanation) {
        public String text() {
            return String.join("\n", explanation) + "\n";
        }
    }

    /** @throws OpsException if the schema does not parse or the registry fails */
    public Verdict check(String subject, String schemaText) {
        Schema candidate = parse(schemaText);
        try {
            String level = level(subject);
            List<RegisteredSchema> previous = previous(subject, level);
            List<String> lines = new ArrayList<>();
            for (RegisteredSchema p : previous) {
                for (String line : CompatibilityExplainer.explain(level, candidate, p.schema(),
                        "v" + p.version() + " (id " + p.id() + ")")) {
                    lines.add("  " + line);
                }
            }
            boolean compatible;
            String verdictFrom;
            try {
                CompatibilityResult result = registry.checkCompatibility(subject, schemaText, List.of());
                compatible = result.compatible();
                verdictFrom = "";
                lines.addAll(result.messages().stream().map(m -> "  registry: " + m).toList());
            } catch (RegistryRejectedException e) {
                // Some registries cannot check a subject whose versions use references (Apicurio: 422, 42201);
                // chute's own reader/writer check resolves them.
                compatible = lines.isEmpty();
                verdictFrom = " (verdict of chute's reader/writer check: the registry could not check: "
                        + e.getMessage() + ")";
            }
            lines.add(0, "subject " + subject + " (compatibility " + level + ", " + against(subject, level, previous)
                    + "): " + (compatible ? "COMPATIBLE" : "INCOMPATIBLE") + verdictFrom);
            if (!compatible && lines.size() == 1) {
                lines.add("  (the registry gave no reason and Avro's reader/writer check found none)");
            }
            return new Verdict(compatible, level, lines);
        } catch (RegistryException e) {
            throw new OpsException("schema registry: " + e.getMessage(), e);
        }
    }

    /** What the candidate was checked against; level NONE checks nothing, even when versions exist. */
    private String against(String subject, String level, List<RegisteredSchema> previous) throws RegistryException {
        if (level.equals("NONE")) {
            int versions;
            try {
                versions = registry.versions(subject).size();
            } catch (SchemaNotFoundException e) {
                versions = 0;
            }
            if (versions > 0) {
                return "not checked against its " + versions + " version" + (versions == 1 ? "" : "s");
            }
        }
        return "checked against " + (previous.isEmpty() ? "no earlier version" : previous.size() == 1
                ? "v" + previous.get(0).version() : previous.size() + " versions");
    }

    /**
     * Registers after a compatibility check.
     *
     * @return the schema id
     * @throws OpsException if incompatible (nothing registered), or the registry fails
     */
    public int register(String subject, String schemaText, Verdict verdict) {
        if (!verdict.compatible()) {
            throw new OpsException("not registered: the schema is incompatible with subject " + subject);
        }
        try {
            return registry.register(subject, schemaText, List.of());
        } catch (RegistryException e) {
            throw new OpsException("schema registry refused the registration: " + e.getMessage(), e);
        }
    }

    /** The subject's level, else the global one (a new subject has no own config), else the default BACKWARD. */
    private String level(String subject) throws RegistryException {
        String level;
        try {
            level = registry.compatibilityLevel(subject);
        } catch (SchemaNotFoundException e) {
            level = registry.compatibilityLevel(null);
        }
        return level == null || level.isEmpty() ? "BACKWARD" : level.toUpperCase(Locale.ROOT);
    }

    private List<RegisteredSchema> previous(String subject, String level) throws RegistryException {
        if (level.equals("NONE")) {
            return List.of();
        }
        try {
            if (!level.endsWith("_TRANSITIVE")) {
                return List.of(registry.latest(subject));
            }
            List<RegisteredSchema> all = new ArrayList<>();
            for (int v : registry.versions(subject)) {
                all.add(registry.version(subject, v));
            }
            return all;
        } catch (SchemaNotFoundException e) {
            return List.of();
        }
    }

    private static Schema parse(String text) {
        try {
            return new Schema.Parser().parse(text);
        } catch (SchemaParseException e) {
            throw new OpsException("not a valid Avro schema: " + e.getMessage(), e);
        }
    }
}
