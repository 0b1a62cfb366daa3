package io.chute.validation;

import static io.chute.validation.TestSchemas.EVENT;
import static io.chute.validation.TestSchemas.event;
import static io.chute.validation.TestSchemas.framed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;

import io.chute.dlq.Reason;
import io.chute.mapping.ClickHouseTypeParser;
import io.chute.mapping.MappingException;
import io.chute.mapping.RowBinaryBuffer;
import io.chute.mapping.RowEncoderFactory;
import io.chute.mapping.TableSchema;
import io.chute.serde.RegistryUnavailableException;
import io.chute.serde.WireFormat;

class RecordValidatorTest {
    private static final long NOW = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);

    private final InMemorySchemaSource source = new InMemorySchemaSource().put(1, EVENT, "events-value");
    private final ValidatorConfig config = ValidatorConfig.defaults().withClock(CLOCK);

    private Rejection rejected(ValidatorConfig cfg, byte[] value) throws RegistryUnavailableException {
        return assertInstanceOf(Rejection.class, new RecordValidator(cfg, source).validate("events", value));
    }

    private static byte[] good() {
        return framed(1, event("a", NOW, "n", 5));
    }

    @Test
    void shouldAcceptAndDecodeWithWriterSchemaWhenNoReaderIsConfigured() throws Exception {
        ValidationResult.Valid valid = assertInstanceOf(ValidationResult.Valid.class,
                new RecordValidator(config, source).validate("events", good()));

        assertEquals(new Utf8("a"), valid.record().get("id"));
        assertEquals(1, valid.schemaId());
        assertEquals("events-value", valid.subject());
    }

    @Test
    void shouldResolveToReaderSchemaWhenOneIsConfigured() throws Exception {
        ValidationResult.Valid valid = assertInstanceOf(ValidationResult.Valid.class,
                new RecordValidator(config.withReaderSchema(TestSchemas.EVENT_READER), source)
                        .validate("events", good()));

        assertEquals(TestSchemas.EVENT_READER, valid.record().getSchema());
        assertEquals(5L, valid.record().get("amount"));
        assertEquals(new Utf8("NL"), valid.record().get("country"));
    }

    @Test
    void shouldRejectNotWireFormatWhenValueIsNullShortOrHasWrongMagic() throws Exception {
        byte[] wrongMagic = good();
        wrongMagic[0] = 1;
        for (byte[] value : new byte[][] {null, {0, 0, 1}, wrongMagic}) {
            Rejection r = rejected(config, value);
            assertEquals(Reason.NOT_WIRE_FORMAT, r.reason());
            assertNull(r.schemaId());
        }
    }

    @Test
    void shouldRejectTooLargeWhenValueExceedsMaximum() throws Exception {
        Rejection r = rejected(config.withMaxValueBytes(16), framed(1, event("x".repeat(40), NOW, null, 1)));

        assertEquals(Reason.TOO_LARGE, r.reason());
    }

    @Test
    void shouldRejectUnknownSchemaIdWhenRegistryDoesNotKnowIt() throws Exception {
        Rejection r = rejected(config, framed(99, event("a", NOW, null, 1)));

        assertEquals(Reason.UNKNOWN_SCHEMA_ID, r.reason());
        assertEquals(99, r.schemaId());
        assertEquals("io.chute.serde.SchemaNotFoundException", r.exceptionClass());
    }

    @Test
    void shouldRejectSubjectWhenIdIsRegisteredUnderAnotherTopicsSubject() throws Exception {
        source.put(2, EVENT, "other-value");

        Rejection r = rejected(config, framed(2, event("a", NOW, null, 1)));

        assertEquals(Reason.SUBJECT_NOT_ALLOWED, r.reason());
        assertTrue(r.message().contains("events-value"), r.message());
        assertEquals(1, source.refreshes);
    }

    @Test
    void shouldAcceptWhenSubjectAppearsOnlyAfterRefresh() throws Exception {
        source.put(2, EVENT, "other-value").putFreshSubject(2, "events-value");

        ValidationResult result = new RecordValidator(config, source).validate("events", framed(2, event("a", NOW,
                null, 1)));

        assertTrue(result.isValid());
    }

    @Test
    void shouldRejectSubjectWhenRecordNameIsNotInAllowList() throws Exception {
        source.put(3, EVENT, "io.test.Event");
        ValidatorConfig cfg = config.withStrategy(SubjectNameStrategy.RECORD_NAME)
                .withAllowedSubjects(Set.of("io.test.Other"));

        Rejection r = rejected(cfg, framed(3, event("a", NOW, null, 1)));

        assertEquals(Reason.SUBJECT_NOT_ALLOWED, r.reason());
        assertTrue(r.message().contains("allow-list"), r.message());
    }

    @Test
    void shouldAcceptTopicRecordNameSubjectWhenRegisteredSo() throws Exception {
        source.put(4, EVENT, "events-io.test.Event");

        ValidationResult result = new RecordValidator(config.withStrategy(SubjectNameStrategy.TOPIC_RECORD_NAME),
                source).validate("events", framed(4, event("a", NOW, null, 1)));

        assertTrue(result.isValid());
    }

    @Test
    void shouldRejectDecodeFailedWhenPayloadIsTruncated() throws Exception {
        byte[] value = good();

        Rejection r = rejected(config, Arrays.copyOf(value, value.length - 1));

        assertEquals(Reason.DECODE_FAILED, r.reason());
    }

    @Test
    void shouldRejectDecodeFailedWhenTrailingBytesFollowRecord() throws Exception {
        byte[] value = good();

        Rejection r = rejected(config, Arrays.copyOf(value, value.length + 2));

        assertEquals(Reason.DECODE_FAILED, r.reason());
        assertTrue(r.message().contains("trailing"), r.message());
    }

    @Test
    void shouldRejectIncompatibleWhenWriterCannotBeReadWithReaderSchema() throws Exception {
        Rejection r = rejected(config.withReaderSchema(TestSchemas.EVENT_INCOMPATIBLE_READER), good());

        assertEquals(Reason.INCOMPATIBLE_SCHEMA, r.reason());
        assertTrue(r.message().contains("mandatory"), r.message());
    }

    @Test
    void shouldRejectIncompatibleWhenWriterSchemaIsNotARecord() throws Exception {
        source.put(5, Schema.create(Schema.Type.STRING), "events-value");

        Rejection r = rejected(config, WireFormat.encode(5, Schema.create(Schema.Type.STRING), "x"));

        assertEquals(Reason.INCOMPATIBLE_SCHEMA, r.reason());
    }

    @Test
    void shouldRejectRuleViolationNamingFieldWhenRequiredFieldIsNull() throws Exception {
        Rejection r = rejected(config.withRules(List.of(new FieldRule.Required("name"))),
                framed(1, event("a", NOW, null, 1)));

        assertEquals(Reason.RULE_VIOLATION, r.reason());
        assertTrue(r.message().contains("'name'"), r.message());
    }

    @Test
    void shouldRejectRuleViolationWhenTimestampIsOutsideWindow() throws Exception {
        ValidatorConfig cfg = config.withRules(List.of(
                new FieldRule.TimestampWindow("ts", Duration.ofDays(1), Duration.ofMinutes(5))));
        RecordValidator validator = new RecordValidator(cfg, source);
        long future = NOW + Duration.ofMinutes(6).toMillis();
        long past = NOW - Duration.ofDays(2).toMillis();

        assertTrue(validator.validate("events", framed(1, event("a", NOW - 1000, null, 1))).isValid());
        for (long ts : new long[] {future, past}) {
            Rejection r = assertInstanceOf(Rejection.class, validator.validate("events", framed(1, event("a", ts,
                    null, 1))));
            assertEquals(Reason.RULE_VIOLATION, r.reason());
            assertTrue(r.message().contains("'ts'"), r.message());
        }
    }

    @Test
    void shouldRejectRuleViolationWhenStringIsTooLong() throws Exception {
        Rejection r = rejected(config.withRules(List.of(new FieldRule.StringLength("id", 1, 3))),
                framed(1, event("abcd", NOW, null, 1)));

        assertEquals(Reason.RULE_VIOLATION, r.reason());
        assertTrue(r.message().contains("'id'"), r.message());
    }

    @Test
    void shouldRejectMappingFailedNamingColumnWhenValueDoesNotFitColumn() throws Exception {
        ValidationResult.Valid valid = assertInstanceOf(ValidationResult.Valid.class,
                new RecordValidator(config, source).validate("events", framed(1, event("a", NOW, null, 1000))));
        TableSchema table = new TableSchema("t", List.of(
                new TableSchema.Column("amount", ClickHouseTypeParser.parse("Int8"), TableSchema.DefaultKind.NONE,
                        "")));
        GenericRecord record = valid.record();

        MappingException e = assertThrows(MappingException.class, () -> RowEncoderFactory.compile(EVENT, table,
                RowEncoderFactory.UnmappedFieldPolicy.IGNORE).encode(record, new RowBinaryBuffer()));

        // the stream dead-letters it as mapping_failed with this message (IngestTopologyTest, RoutingTopologyTest)
        assertEquals("amount", e.column());
        assertTrue(e.getMessage().contains("'amount'"), e.getMessage());
    }

    @Test
    void shouldPropagateUnavailableWhenRegistryIsDown() {
        source.down = true;
        RecordValidator validator = new RecordValidator(config, source);

        assertThrows(RegistryUnavailableException.class, () -> validator.validate("events", good()));
    }
}
