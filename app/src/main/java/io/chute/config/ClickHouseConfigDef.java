package io.chute.config;

import static io.chute.config.ChuteConfig.CLICKHOUSE_CLUSTER_CONFIG;
import static io.chute.config.ChuteConfig.CLICKHOUSE_DATABASE_CONFIG;
import static io.chute.config.ChuteConfig.CLICKHOUSE_PASSWORD_CONFIG;
import static io.chute.config.ChuteConfig.CLICKHOUSE_URL_CONFIG;
import static io.chute.config.ChuteConfig.CLICKHOUSE_USER_CONFIG;
import static io.chute.config.ChuteConfig.TABLE_CONFIG;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/** The ClickHouse server and the default target table ({@code clickhouse.settings.*}: {@link ClickHouseSettings}). */
final class ClickHouseConfigDef {
    private static final String CLICKHOUSE_URL_DOC = "ClickHouse HTTP(S) endpoint, e.g. http://host:8123.";
    private static final String CLICKHOUSE_USER_DOC = "ClickHouse user.";
    private static final String CLICKHOUSE_PASSWORD_DOC = "ClickHouse password (secret).";
    private static final String CLICKHOUSE_DATABASE_DOC = "Database of the target tables.";
    private static final String CLICKHOUSE_CLUSTER_DOC = "Cluster of the ON CLUSTER clause of the ALTER TABLE that "
            + "schema.evolution=add-columns runs; empty: no ON CLUSTER.";
    private static final String TABLE_DOC = "Default target table for records no route claims (empty: such "
            + "records are dead-lettered as no_route).";

    private ClickHouseConfigDef() {
    }

    static void define(ConfigDef def) {
        new ChuteConfigDef.Group(def, "ClickHouse")
                .define(CLICKHOUSE_URL_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
                        new ChuteConfigDef.UrlValidator(), Importance.HIGH, CLICKHOUSE_URL_DOC)
                .define(CLICKHOUSE_USER_CONFIG, Type.STRING, "default", Importance.HIGH, CLICKHOUSE_USER_DOC)
                .define(CLICKHOUSE_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.HIGH, CLICKHOUSE_PASSWORD_DOC)
                .define(CLICKHOUSE_DATABASE_CONFIG, Type.STRING, "default", new ConfigDef.NonEmptyString(),
                        Importance.HIGH, CLICKHOUSE_DATABASE_DOC)
                .define(CLICKHOUSE_CLUSTER_CONFIG, Type.STRING, "", Importance.LOW, CLICKHOUSE_CLUSTER_DOC)
                .define(TABLE_CONFIG, Type.STRING, "", Importance.HIGH, TABLE_DOC);
    }
}
