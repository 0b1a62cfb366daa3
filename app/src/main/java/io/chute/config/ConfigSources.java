package io.chute.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * The configuration's layers: a properties file, then {@code CHUTE_*} environment variables ({@link EnvMapping}),
 * then {@code -Dchute.<key>} system properties; each value remembers where it came from. {@link #toConfig()}
 * checks everything at once and reports every problem in one {@link InvalidConfigException}.
 *
 * <p>Unknown keys: in the file, a likely typo of a known key is a problem (with the hint), any other unknown key a
 * warning. Variables and system properties share their namespace with other software ({@code CHUTE_JAVA_OPTS},
 * {@code -Dchute.localstack.*}), so only likely typos among them are problems; the rest are not configuration.
 */
public final class ConfigSources {
    /** System properties {@code -Dchute.<key>} set {@code <key>}. */
    public static final String SYSTEM_PROPERTY_PREFIX = "chute.";
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> origins = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final Set<String> defined = ChuteConfig.definition().names();

    private ConfigSources() {
    }

    public static ConfigSources read(Path file, Map<String, String> env, Properties system) {
        ConfigSources s = new ConfigSources();
        if (file != null) {
            s.readFile(file);
        }
        new TreeMap<>(env).forEach((name, value) -> EnvMapping.key(name)
                .ifPresent(key -> s.layer(key, value, "environment " + name, true)));
        for (String name : new TreeSet<>(system.stringPropertyNames())) {
            if (name.startsWith(SYSTEM_PROPERTY_PREFIX)) {
                String key = name.substring(SYSTEM_PROPERTY_PREFIX.length());
                s.layer(key, system.getProperty(name), "-D" + name, false);
            }
        }
        return s;
    }

    private void readFile(Path file) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            props.load(reader);
        } catch (NoSuchFileException e) {
            problems.add("config file " + file + " does not exist");
            return;
        } catch (AccessDeniedException e) {
            problems.add("config file " + file + " is not readable (permission denied)");
            return;
        } catch (IOException | IllegalArgumentException e) {
            problems.add("config file " + file + " cannot be read: " + e.getMessage());
            return;
        }
        for (String key : new TreeSet<>(props.stringPropertyNames())) {
            values.put(key, props.getProperty(key));
            origins.put(key, file.getFileName().toString());
            if (!KeyHints.known(key, defined)) {
                Optional<String> typo = KeyHints.typoOf(key, defined);
                if (typo.isPresent()) {
                    problems.add(key + " (" + file.getFileName() + "): unknown key; did you mean " + typo.get() + "?");
                } else {
                    warnings.add(key + " (" + file.getFileName() + "): unknown key, ignored");
                }
            }
        }
    }

    /** A variable or system property: taken when it names a known key, a problem when it looks like a typo. */
    private void layer(String key, String value, String origin, boolean fromEnvironment) {
        if (KeyHints.known(key, defined)) {
            values.put(key, value);
            origins.put(key, origin);
            return;
        }
        KeyHints.typoOf(key, defined).ifPresent(typo -> problems.add(
                (fromEnvironment ? EnvMapping.variable(key) : origin) + ": sets unknown key " + key
                        + "; did you mean " + (fromEnvironment ? EnvMapping.variable(typo) : "-D" + SYSTEM_PROPERTY_PREFIX + typo) + "?"));
    }

    /** The raw values, key by key, after layering. */
    public Map<String, String> values() {
        return values;
    }

    /** Where {@code key}'s value came from: the file name, "environment CHUTE_X" or "-Dchute.x"; null if unset. */
    public String origin(String key) {
        return origins.get(key);
    }

    /** Unknown keys that are not likely typos (ignored, worth a log line). */
    public List<String> warnings() {
        return warnings;
    }

    /** Every problem: of the sources, of each defined key, then of the whole (routes). */
    public List<String> problems() {
        List<String> all = new ArrayList<>(problems);
        for (ConfigDef.ConfigKey key : ChuteConfig.definition().configKeys().values()) {
            checkKey(key).ifPresent(all::add);
        }
        if (all.isEmpty()) {
            try {
                new ChuteConfig(values);
            } catch (ConfigException e) {
                all.add(e.getMessage());
            }
        }
        return all;
    }

    /** @throws InvalidConfigException listing every problem */
    public ChuteConfig toConfig() {
        List<String> all = problems();
        if (!all.isEmpty()) {
            throw new InvalidConfigException(all);
        }
        return new ChuteConfig(values);
    }

    private Optional<String> checkKey(ConfigDef.ConfigKey key) {
        String raw = values.get(key.name);
        if (raw == null) {
            return key.hasDefault() ? Optional.empty()
                    : Optional.of(key.name + ": missing (required, no default): " + key.documentation);
        }
        try {
            Object parsed = ConfigDef.parseType(key.name, raw, key.type);
            if (key.validator != null) {
                key.validator.ensureValid(key.name, parsed);
            }
            return Optional.empty();
        } catch (ConfigException e) {
            String shown = key.type == ConfigDef.Type.PASSWORD ? "[hidden]" : "'" + raw + "'";
            return Optional.of(key.name + " = " + shown + " (" + origins.get(key.name) + "): " + reason(e, key, raw)
                    + (key.validator == null ? "" : "; valid: " + key.validator));
        }
    }

    /** Kafka's "Invalid value V for configuration K: why" without the parts the line already shows. */
    private static String reason(ConfigException e, ConfigDef.ConfigKey key, String raw) {
        String message = String.valueOf(e.getMessage());
        int at = message.indexOf("for configuration " + key.name + ": ");
        String why = at < 0 ? message : message.substring(at + ("for configuration " + key.name + ": ").length());
        return key.type == ConfigDef.Type.PASSWORD ? why.replace(raw, "[hidden]") : why;
    }
}
