package io.chute.validation;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericRecord;

import io.chute.serde.AvroDecoder;
import io.chute.serde.RegistryUnavailableException;
import io.chute.serde.SchemaNotFoundException;
import io.chute.serde.SchemaSource;
import io.chute.serde.WireFormat;

/**
 * Validates one Kafka value (Confluent wire format, Avro) for one target. Pure: no Kafka types, no side effects
 * besides registry lookups through the {@link SchemaSource}.
 *
 * <p>Checks in order: size ({@link RejectReason#TOO_LARGE}), framing ({@link RejectReason#NOT_WIRE_FORMAT}), schema
 * id ({@link RejectReason#UNKNOWN_SCHEMA_ID}), subject ({@link RejectReason#SUBJECT_NOT_ALLOWED}), reader/writer
 * compatibility ({@link RejectReason#INCOMPATIBLE_SCHEMA}), decoding ({@link RejectReason#DECODE_FAILED}), field
 * rules ({@link RejectReason#RULE_VIOLATION}).
 *
 * <p>{@link RegistryUnavailableException} propagates: it is an outage, never a reason to reject. NOT thread-safe
 * (it owns a reusable decoder): one instance per thread/task.
 */
public final class RecordValidator {
    /** Subject verdicts already passed, per topic and schema id: ids are immutable, so a pass stays a pass. */
    private final Map<String, Map<Integer, String>> verified = new HashMap<>();
    private static final int MAX_CACHED_IDS = 4096;
    private static final String COMPATIBLE = "";

    private final ValidatorConfig config;
    private final SchemaSource source;
    private final AvroDecoder decoder = new AvroDecoder();
    private final Map<Integer, String> compatibilityByWriterId = new HashMap<>();

    public RecordValidator(ValidatorConfig config, SchemaSource source) {
        this.config = config;
        this.source = source;
    }

    public ValidatorConfig config() {
        return config;
    }

    /** Validates the whole array. */
    public ValidationResult validate(String topic, byte[] value) throws RegistryUnavailableException {
        return validate(topic, value, 0, value == null ? 0 : value.length);
    }

    /**
     * Validates {@code length} bytes of {@code value} at {@code offset}.
     *
     * @return {@link ValidationResult.Valid} or a {@link Rejection}; never throws for bad data
     * @throws RegistryUnavailableException the registry cannot answer: retry later, do not dead-letter
     */
    public ValidationResult validate(String topic, byte[] value, int offset, int length)
            throws RegistryUnavailableException {
        if (value != null && length > config.maxValueBytes()) {
            return Rejection.of(RejectReason.TOO_LARGE, "value has " + length + " bytes, the maximum is "
                    + config.maxValueBytes(), null);
        }
        WireFormat.Frame frame;
        try {
            frame = WireFormat.parse(value, offset, length);
        } catch (WireFormat.NotWireFormatException e) {
            return Rejection.of(RejectReason.NOT_WIRE_FORMAT, null, e, null);
        }
        int id = frame.schemaId();
        Schema writer;
        try {
            writer = source.byId(id);
        } catch (SchemaNotFoundException e) {
            return Rejection.of(RejectReason.UNKNOWN_SCHEMA_ID, null, e, id);
        }
        Map<Integer, String> verifiedOfTopic = verified.computeIfAbsent(topic, t -> new HashMap<>());
        String subject = verifiedOfTopic.get(id);
        if (subject == null) {
            subject = config.strategy().subjectFor(topic, writer);
            Rejection subjectProblem = checkSubject(subject, id, writer);
            if (subjectProblem != null) {
                return subjectProblem;
            }
            verifiedOfTopic.put(id, subject);
        }
        String incompatibility = compatibility(id, writer);
        if (incompatibility != COMPATIBLE) {
            return Rejection.of(RejectReason.INCOMPATIBLE_SCHEMA, incompatibility, id);
        }
        Object datum;
        try {
            datum = decoder.decode(frame.array(), frame.payloadOffset(), frame.payloadLength(), writer,
                    config.readerSchema());
        } catch (Exception e) { // Avro signals corrupt bytes with many runtime exception types
            return Rejection.of(RejectReason.DECODE_FAILED, "cannot decode Avro payload: " + e, e, id);
        }
        GenericRecord record = (GenericRecord) datum;
        for (FieldRule rule : config.rules()) {
            String violation = rule.check(record, config.clock());
            if (violation != null) {
                return Rejection.of(RejectReason.RULE_VIOLATION, violation, id);
            }
        }
        return new ValidationResult.Valid(record, id, subject, writer);
    }

    private Rejection checkSubject(String subject, int id, Schema writer) throws RegistryUnavailableException {
        if (subject == null) {
            return Rejection.of(RejectReason.SUBJECT_NOT_ALLOWED, "strategy " + config.strategy()
                    + " needs a record schema, schema id " + id + " is a " + writer.getType(), id);
        }
        if (!config.allowedSubjects().isEmpty() && !config.allowedSubjects().contains(subject)) {
            return Rejection.of(RejectReason.SUBJECT_NOT_ALLOWED, "subject " + subject + " is not in the allow-list",
                    id);
        }
        if (!config.verifyRegistration()) {
            return null;
        }
        try {
            Set<String> subjects = source.subjectsOf(id);
            if (!subjects.contains(subject)) {
                subjects = source.refreshSubjectsOf(id);
            }
            if (!subjects.contains(subject)) {
                return Rejection.of(RejectReason.SUBJECT_NOT_ALLOWED, "schema id " + id + " is registered under "
                        + subjects + ", not under " + subject, id);
            }
            return null;
        } catch (SchemaNotFoundException e) {
            return Rejection.of(RejectReason.UNKNOWN_SCHEMA_ID, null, e, id);
        }
    }

    /** {@link #COMPATIBLE} (identity-compared) or a description of the incompatibility. */
    private String compatibility(int id, Schema writer) {
        Schema reader = config.readerSchema();
        if (reader == null) {
            return writer.getType() == Schema.Type.RECORD ? COMPATIBLE
                    : "schema id " + id + " is a " + writer.getType() + ", a record is required";
        }
        String cached = compatibilityByWriterId.get(id);
        if (cached != null) {
            return cached;
        }
        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        String verdict = result.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE ? COMPATIBLE
                : "schema id " + id + " cannot be read as " + reader.getFullName() + ": " + result.getDescription();
        if (compatibilityByWriterId.size() >= MAX_CACHED_IDS) {
            compatibilityByWriterId.clear();
        }
        compatibilityByWriterId.put(id, verdict);
        return verdict;
    }
}
