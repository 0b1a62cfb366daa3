/**
 * Pure record validation (no Kafka types): bytes in, {@link io.chute.validation.ValidationResult} out.
 *
 * <h2>Public API</h2>
 * <ul>
 *   <li>{@link io.chute.validation.RecordValidator}:
 *       {@code new RecordValidator(ValidatorConfig, SchemaSource)};
 *       {@code ValidationResult validate(String topic, byte[] value, int offset, int length)
 *       throws RegistryUnavailableException}. One instance per thread.</li>
 *   <li>{@link io.chute.validation.ValidationResult}: sealed, either
 *       {@link io.chute.validation.ValidationResult.Valid} {@code (GenericRecord record, int schemaId, String subject,
 *       Schema writerSchema)} or {@link io.chute.validation.Rejection}
 *       {@code (Reason reason, String message, String exceptionClass, Integer schemaId)}.</li>
 *   <li>{@link io.chute.validation.ValidatorConfig}: {@code defaults()} then {@code withStrategy},
 *       {@code withAllowedSubjects}, {@code withVerifyRegistration}, {@code withMaxValueBytes},
 *       {@code withReaderSchema} (null = read with the writer schema), {@code withRules}, {@code withClock}.</li>
 *   <li>{@link io.chute.validation.SubjectNameStrategy}: TOPIC_NAME ({@code <topic>-value}), RECORD_NAME,
 *       TOPIC_RECORD_NAME.</li>
 *   <li>{@link io.chute.validation.FieldRule}: {@code Required(field)}, {@code TimestampWindow(field, maxPast,
 *       maxFuture)}, {@code StringLength(field, min, max)}; dotted paths into nested records.</li>
 *   <li>{@link io.chute.validation.ReaderSchemas}: reader schema from an {@code .avsc} file or a registry subject
 *       (version or latest).</li>
 * </ul>
 *
 * <h2>Reason codes</h2>
 * The validation stage of {@link io.chute.dlq.Reason} ({@link io.chute.dlq.Reason.Stage#VALIDATION}): wire codes
 * {@code not_wire_format}, {@code unknown_schema_id}, {@code subject_not_allowed}, {@code decode_failed},
 * {@code incompatible_schema}, {@code rule_violation}, {@code too_large}, {@code mapping_failed} (the last given
 * by topology's {@code RowPipeline} to a {@code MappingException}). A registry outage is never a reason: it propagates as
 * {@code RegistryUnavailableException}.
 */
package io.chute.validation;
