package io.chute.config;

import static io.chute.config.ChuteConfig.READER_SCHEMA_FILE_CONFIG;
import static io.chute.config.ChuteConfig.RULES_REQUIRED_CONFIG;
import static io.chute.config.ChuteConfig.RULES_STRING_LENGTH_CONFIG;
import static io.chute.config.ChuteConfig.RULES_TIMESTAMP_FIELD_CONFIG;
import static io.chute.config.ChuteConfig.RULES_TIMESTAMP_MAX_FUTURE_MS_CONFIG;
import static io.chute.config.ChuteConfig.RULES_TIMESTAMP_MAX_PAST_MS_CONFIG;
import static io.chute.config.ChuteConfig.SCHEMA_EVOLUTION_ADD_COLUMNS;
import static io.chute.config.ChuteConfig.SCHEMA_EVOLUTION_CONFIG;
import static io.chute.config.ChuteConfig.SCHEMA_EVOLUTION_DEAD_LETTER;
import static io.chute.config.ChuteConfig.SCHEMA_EVOLUTION_IGNORE;

import java.util.List;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;

/** Field rules a valid record must meet, the reader schema, and what a new writer field does to a table. */
final class ValidationConfigDef {
    private static final String RULES_REQUIRED_DOC = "Fields (dotted paths) that must be present and non-null; "
            + "violations are dead-lettered as rule_violation.";
    private static final String RULES_TIMESTAMP_FIELD_DOC = "Timestamp field (timestamp-millis/micros or epoch millis) "
            + "that must lie within [now - max.past, now + max.future]; empty disables the rule.";
    private static final String RULES_TIMESTAMP_MAX_PAST_MS_DOC = "Oldest accepted timestamp, as an age.";
    private static final String RULES_TIMESTAMP_MAX_FUTURE_MS_DOC = "Furthest accepted timestamp in the future.";
    private static final String RULES_STRING_LENGTH_DOC = "String length bounds, as field:min:max entries "
            + "(e.g. country:2:2,payload:0:4096).";
    private static final String READER_SCHEMA_FILE_DOC = "Optional .avsc every record is resolved to (Avro schema "
            + "resolution: defaults, promotions); writers that cannot resolve are dead-lettered as "
            + "incompatible_schema. Empty: each record keeps its writer schema.";
    private static final String SCHEMA_EVOLUTION_DOC = "When a writer schema has a field the table lacks: "
            + "add-columns (ALTER TABLE ADD COLUMN IF NOT EXISTS), ignore, or dead-letter.";

    private ValidationConfigDef() {
    }

    static void define(ConfigDef def) {
        new ChuteConfigDef.Group(def, "validation")
                .define(RULES_REQUIRED_CONFIG, Type.LIST, "", Importance.MEDIUM, RULES_REQUIRED_DOC)
                .define(RULES_TIMESTAMP_FIELD_CONFIG, Type.STRING, "", Importance.MEDIUM, RULES_TIMESTAMP_FIELD_DOC)
                .define(RULES_TIMESTAMP_MAX_PAST_MS_CONFIG, Type.LONG, 7L * 24 * 3600 * 1000, Range.atLeast(0L),
                        Importance.LOW, RULES_TIMESTAMP_MAX_PAST_MS_DOC)
                .define(RULES_TIMESTAMP_MAX_FUTURE_MS_CONFIG, Type.LONG, 3600L * 1000, Range.atLeast(0L),
                        Importance.LOW, RULES_TIMESTAMP_MAX_FUTURE_MS_DOC)
                .define(RULES_STRING_LENGTH_CONFIG, Type.LIST, "", stringLengths(), Importance.LOW,
                        RULES_STRING_LENGTH_DOC)
                .define(READER_SCHEMA_FILE_CONFIG, Type.STRING, "", Importance.MEDIUM, READER_SCHEMA_FILE_DOC);
        new ChuteConfigDef.Group(def, "evolution")
                .define(SCHEMA_EVOLUTION_CONFIG, Type.STRING, SCHEMA_EVOLUTION_IGNORE, ValidString.in(
                        SCHEMA_EVOLUTION_ADD_COLUMNS, SCHEMA_EVOLUTION_IGNORE, SCHEMA_EVOLUTION_DEAD_LETTER),
                        Importance.MEDIUM, SCHEMA_EVOLUTION_DOC);
    }

    private static ConfigDef.Validator stringLengths() {
        return ConfigDef.LambdaValidator.with((name, value) -> {
            for (Object entry : (List<?>) value) {
                StringLengthBound.parse(name, entry.toString());
            }
        }, () -> "field:min:max list");
    }
}
