package io.chute.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.chute.config.ChuteConfig;
import io.chute.config.ConfigSources;
import io.chute.config.InvalidConfigException;

/**
 * Config layering (see {@link ConfigSources}): properties file, then environment variables {@code CHUTE_<KEY>}
 * (see {@link io.chute.config.EnvMapping}), then {@code -Dchute.<key>=...} system properties.
 */
public final class ConfigLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);

    private ConfigLoader() {
    }

    /** {@link #load} with this process's environment and system properties: what every command reads. */
    public static ChuteConfig fromProcess(Path file) {
        return load(file, System.getenv(), System.getProperties());
    }

    /** @throws InvalidConfigException with every problem of the configuration */
    public static ChuteConfig load(Path file, Map<String, String> env, Properties system) {
        ConfigSources sources = ConfigSources.read(file, env, system);
        ChuteConfig config = sources.toConfig();
        sources.warnings().forEach(w -> LOG.warn("{}", w));
        return config;
    }
}
