package io.chute.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import io.chute.config.ChuteConfig;

/**
 * Config layering: properties file, then environment variables {@code CHUTE_<KEY>} ({@code CHUTE_CLICKHOUSE_URL}
 * sets {@code clickhouse.url}: upper case, dots as underscores), then {@code -Dchute.<key>=...} system properties.
 */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    /** {@link #load} with this process's environment and system properties: what every command reads. */
    public static ChuteConfig fromProcess(Path file) throws IOException {
        return load(file, System.getenv(), System.getProperties());
    }

    public static ChuteConfig load(Path file, Map<String, String> env, Properties system) throws IOException {
        Properties props = new Properties();
        if (file != null) {
            try (Reader reader = Files.newBufferedReader(file)) {
                props.load(reader);
            }
        }
        for (String key : ChuteConfig.definition().names()) {
            String envName = "CHUTE_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
            if (env.containsKey(envName)) {
                props.setProperty(key, env.get(envName));
            }
        }
        for (String name : system.stringPropertyNames()) {
            if (name.startsWith("chute.")) {
                props.setProperty(name.substring("chute.".length()), system.getProperty(name));
            }
        }
        return ChuteConfig.fromProperties(props);
    }
}
