package io.chute.config;

import static io.chute.config.ChuteConfig.RECORD_MAX_BYTES_CONFIG;
import static io.chute.config.ChuteConfig.REGISTRY_BASIC_AUTH_CONFIG;
import static io.chute.config.ChuteConfig.REGISTRY_BEARER_TOKEN_CONFIG;
import static io.chute.config.ChuteConfig.REGISTRY_CACHE_SIZE_CONFIG;
import static io.chute.config.ChuteConfig.REGISTRY_TIMEOUT_MS_CONFIG;
import static io.chute.config.ChuteConfig.REGISTRY_URL_CONFIG;
import static io.chute.config.ChuteConfig.SUBJECT_STRATEGY_CONFIG;
import static io.chute.config.ChuteConfig.SUBJECT_STRATEGY_RECORD;
import static io.chute.config.ChuteConfig.SUBJECT_STRATEGY_TOPIC;
import static io.chute.config.ChuteConfig.SUBJECT_STRATEGY_TOPIC_RECORD;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;

/** The schema registry, and what a record must be before its schema is looked up. */
final class RegistryConfigDef {
    private static final String REGISTRY_URL_DOC = "Base URL of the Confluent-compatible schema registry API.";
    private static final String REGISTRY_BASIC_AUTH_DOC = "user:password for registry basic auth (secret).";
    private static final String REGISTRY_BEARER_TOKEN_DOC = "Bearer token for the registry (secret).";
    private static final String REGISTRY_TIMEOUT_MS_DOC = "Connect and request timeout of one registry call.";
    private static final String REGISTRY_CACHE_SIZE_DOC = "Schemas kept in memory by id.";
    private static final String SUBJECT_STRATEGY_DOC = "How a writer schema's subject must relate to the topic: "
            + "topic (<topic>-value), record (<record full name>) or topic-record (<topic>-<full name>).";
    private static final String RECORD_MAX_BYTES_DOC = "Values larger than this are dead-lettered as too_large.";

    private RegistryConfigDef() {
    }

    static void define(ConfigDef def) {
        new ChuteConfigDef.Group(def, "registry")
                .define(REGISTRY_URL_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
                        new ChuteConfigDef.UrlValidator(), Importance.HIGH, REGISTRY_URL_DOC)
                .define(REGISTRY_BASIC_AUTH_CONFIG, Type.PASSWORD, null, Importance.MEDIUM, REGISTRY_BASIC_AUTH_DOC)
                .define(REGISTRY_BEARER_TOKEN_CONFIG, Type.PASSWORD, null, Importance.MEDIUM,
                        REGISTRY_BEARER_TOKEN_DOC)
                .define(REGISTRY_TIMEOUT_MS_CONFIG, Type.INT, 10_000, Range.between(100, 600_000), Importance.LOW,
                        REGISTRY_TIMEOUT_MS_DOC)
                .define(REGISTRY_CACHE_SIZE_CONFIG, Type.INT, 10_000, Range.atLeast(16), Importance.LOW,
                        REGISTRY_CACHE_SIZE_DOC)
                .define(SUBJECT_STRATEGY_CONFIG, Type.STRING, SUBJECT_STRATEGY_TOPIC, ValidString.in(
                        SUBJECT_STRATEGY_TOPIC, SUBJECT_STRATEGY_RECORD, SUBJECT_STRATEGY_TOPIC_RECORD),
                        Importance.MEDIUM, SUBJECT_STRATEGY_DOC)
                .define(RECORD_MAX_BYTES_CONFIG, Type.INT, 1024 * 1024, Range.atLeast(16), Importance.MEDIUM,
                        RECORD_MAX_BYTES_DOC);
    }
}
