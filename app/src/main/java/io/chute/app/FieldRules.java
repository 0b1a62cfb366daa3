package io.chute.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.chute.config.ChuteConfig;
import io.chute.config.StringLengthBound;
import io.chute.validation.FieldRule;

/** The configured {@code rules.*} as validation field rules. */
final class FieldRules {
    private FieldRules() {
    }

    static List<FieldRule> from(ChuteConfig config) {
        List<FieldRule> rules = new ArrayList<>();
        for (String field : config.getList(ChuteConfig.RULES_REQUIRED_CONFIG)) {
            rules.add(new FieldRule.Required(field));
        }
        String timestamp = config.getString(ChuteConfig.RULES_TIMESTAMP_FIELD_CONFIG);
        if (!timestamp.isEmpty()) {
            rules.add(new FieldRule.TimestampWindow(timestamp,
                    Duration.ofMillis(config.getLong(ChuteConfig.RULES_TIMESTAMP_MAX_PAST_MS_CONFIG)),
                    Duration.ofMillis(config.getLong(ChuteConfig.RULES_TIMESTAMP_MAX_FUTURE_MS_CONFIG))));
        }
        for (StringLengthBound bound : config.stringLengthBounds()) {
            rules.add(new FieldRule.StringLength(bound.field(), bound.min(), bound.max()));
        }
        return rules;
    }
}
