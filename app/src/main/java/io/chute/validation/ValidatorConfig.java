package io.chute.validation;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.apache.avro.Schema;

/**
 * What {@link RecordValidator} checks for one target.
 *
 * @param strategy how the expected subject is named
 * @param allowedSubjects if not empty, the expected subject must be one of these
 * @param verifyRegistration check (via the registry) that the schema id is registered under the expected subject
 * @param maxValueBytes values longer than this are rejected as {@link RejectReason#TOO_LARGE}
 * @param readerSchema the target's reader schema, or {@code null} to read with each writer schema as is
 * @param rules field rules, checked in order; the first failure rejects
 * @param clock the clock of the timestamp rule
 */
public record ValidatorConfig(SubjectNameStrategy strategy, Set<String> allowedSubjects, boolean verifyRegistration,
                              int maxValueBytes, Schema readerSchema, List<FieldRule> rules, Clock clock) {

    public ValidatorConfig {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(clock, "clock");
        allowedSubjects = Set.copyOf(allowedSubjects);
        rules = List.copyOf(rules);
        if (maxValueBytes < WIRE_HEADER) {
            throw new IllegalArgumentException("maxValueBytes must be at least " + WIRE_HEADER);
        }
        if (readerSchema != null && readerSchema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("the reader schema must be a record, got " + readerSchema.getType());
        }
    }

    private static final int WIRE_HEADER = 5;

    /** Topic-name strategy, registration verified, 1 MiB max, no reader schema, no rules, system UTC clock. */
    public static ValidatorConfig defaults() {
        return new ValidatorConfig(SubjectNameStrategy.TOPIC_NAME, Set.of(), true, 1 << 20, null, List.of(),
                Clock.systemUTC());
    }

    public ValidatorConfig withStrategy(SubjectNameStrategy value) {
        return new ValidatorConfig(value, allowedSubjects, verifyRegistration, maxValueBytes, readerSchema, rules,
                clock);
    }

    public ValidatorConfig withAllowedSubjects(Set<String> value) {
        return new ValidatorConfig(strategy, value, verifyRegistration, maxValueBytes, readerSchema, rules, clock);
    }

    public ValidatorConfig withVerifyRegistration(boolean value) {
        return new ValidatorConfig(strategy, allowedSubjects, value, maxValueBytes, readerSchema, rules, clock);
    }

    public ValidatorConfig withMaxValueBytes(int value) {
        return new ValidatorConfig(strategy, allowedSubjects, verifyRegistration, value, readerSchema, rules, clock);
    }

    public ValidatorConfig withReaderSchema(Schema value) {
        return new ValidatorConfig(strategy, allowedSubjects, verifyRegistration, maxValueBytes, value, rules, clock);
    }

    public ValidatorConfig withRules(List<FieldRule> value) {
        return new ValidatorConfig(strategy, allowedSubjects, verifyRegistration, maxValueBytes, readerSchema, value,
                clock);
    }

    public ValidatorConfig withClock(Clock value) {
        return new ValidatorConfig(strategy, allowedSubjects, verifyRegistration, maxValueBytes, readerSchema, rules,
                value);
    }
}
