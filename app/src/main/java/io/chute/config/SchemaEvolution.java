package io.chute.config;

import org.apache.kafka.common.config.ConfigException;

/** {@code schema.evolution}: what a top-level writer field without a column does. */
public enum SchemaEvolution {
    /** Dropped (the column set stays). */
    IGNORE(ChuteConfig.SCHEMA_EVOLUTION_IGNORE),
    /** The record is dead-lettered as {@code schema_mismatch}. */
    DEAD_LETTER(ChuteConfig.SCHEMA_EVOLUTION_DEAD_LETTER),
    /** The column is added, then the record is encoded with it. */
    ADD_COLUMNS(ChuteConfig.SCHEMA_EVOLUTION_ADD_COLUMNS);

    private final String configValue;

    SchemaEvolution(String configValue) {
        this.configValue = configValue;
    }

    /** The value of {@code schema.evolution} that selects this. */
    public String configValue() {
        return configValue;
    }

    static SchemaEvolution of(String value) {
        for (SchemaEvolution e : values()) {
            if (e.configValue.equals(value)) {
                return e;
            }
        }
        throw new ConfigException(ChuteConfig.SCHEMA_EVOLUTION_CONFIG, value, "unknown schema evolution");
    }
}
