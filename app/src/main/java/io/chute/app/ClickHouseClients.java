package io.chute.app;

import com.clickhouse.client.api.Client;

import io.chute.config.ChuteConfig;

/** The one client-v2 client of a chute process, from config (default client settings otherwise). */
public final class ClickHouseClients {
    private ClickHouseClients() {
    }

    public static Client create(ChuteConfig config) {
        return new Client.Builder()
                .addEndpoint(config.getString(ChuteConfig.CLICKHOUSE_URL_CONFIG))
                .setUsername(config.getString(ChuteConfig.CLICKHOUSE_USER_CONFIG))
                .setPassword(config.getPassword(ChuteConfig.CLICKHOUSE_PASSWORD_CONFIG).value())
                .setDefaultDatabase(config.getString(ChuteConfig.CLICKHOUSE_DATABASE_CONFIG))
                .build();
    }
}
