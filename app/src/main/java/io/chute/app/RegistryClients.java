package io.chute.app;

import java.time.Duration;

import io.chute.config.ChuteConfig;
import io.chute.serde.RegistryClientConfig;

/** Registry client settings from chute's configuration (URL, timeouts, cache, credentials): one place for all users. */
public final class RegistryClients {
    private RegistryClients() {
    }

    /** A builder the caller may tune further (e.g. a single attempt for health probes). */
    public static RegistryClientConfig.Builder config(ChuteConfig config) {
        Duration timeout = Duration.ofMillis(config.getInt(ChuteConfig.REGISTRY_TIMEOUT_MS_CONFIG));
        RegistryClientConfig.Builder builder = RegistryClientConfig.builder(
                config.getString(ChuteConfig.REGISTRY_URL_CONFIG))
                .requestTimeout(timeout)
                .connectTimeout(timeout)
                .cacheSize(config.getInt(ChuteConfig.REGISTRY_CACHE_SIZE_CONFIG));
        if (config.getPassword(ChuteConfig.REGISTRY_BASIC_AUTH_CONFIG) != null) {
            builder.basicAuth(config.getPassword(ChuteConfig.REGISTRY_BASIC_AUTH_CONFIG).value());
        }
        if (config.getPassword(ChuteConfig.REGISTRY_BEARER_TOKEN_CONFIG) != null) {
            builder.bearerToken(config.getPassword(ChuteConfig.REGISTRY_BEARER_TOKEN_CONFIG).value());
        }
        return builder;
    }
}
