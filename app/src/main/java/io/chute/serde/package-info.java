/**
 * Confluent wire format and a Confluent-API schema registry client (no Confluent jars: Avro + {@code java.net.http}
 * + Jackson).
 *
 * <h2>Public API</h2>
 * <ul>
 *   <li>{@link io.chute.serde.WireFormat}: {@code Frame parse(byte[] value, int offset, int length)} (no copy; throws
 *       {@code NotWireFormatException}), {@code byte[] frame(int id, byte[] avro)},
 *       {@code byte[] encode(int id, Schema schema, Object datum)} (for tests, producers, benchmark, demo).</li>
 *   <li>{@link io.chute.serde.SchemaRegistryClient} / {@link io.chute.serde.HttpSchemaRegistryClient}
 *       ({@code new HttpSchemaRegistryClient(RegistryClientConfig.builder("http://host:8081").build())}):
 *       {@code schemaById(int)} (references resolved recursively, cached), {@code subjectVersionsOf(int)}
 *       ({@code GET /schemas/ids/{id}/versions}), {@code versions/version/latest(subject)},
 *       {@code register(subject, schema, refs)}, {@code checkCompatibility(subject, schema, refs)} (verbose messages),
 *       {@code compatibilityLevel/setCompatibilityLevel(subject or null for global)}.</li>
 *   <li>{@link io.chute.serde.RegistryClientConfig}: URLs (comma separated, user-info = basic auth), bearer token,
 *       connect/request timeouts, {@link io.chute.retry.RetryPolicy} (attempts, exponential backoff with jitter; default
 *       {@code DEFAULT_RETRY}), {@link io.chute.retry.Time} (sleeps between attempts),
 *       cache size, negative-cache TTL. TLS: default {@code SSLContext} (standard {@code javax.net.ssl.*} system
 *       properties).</li>
 *   <li>{@link io.chute.serde.SchemaSource}: the seam validation uses ({@code byId}, {@code subjectsOf},
 *       {@code refreshSubjectsOf}); production implementation {@link io.chute.serde.CachedSchemaSource}.</li>
 *   <li>{@link io.chute.serde.AvroDecoder}: thread-confined decoding with a reused {@code BinaryDecoder} and one
 *       {@code GenericDatumReader} per (writer, reader) pair; rejects trailing bytes.</li>
 * </ul>
 *
 * <h2>Failure semantics</h2>
 * <ul>
 *   <li>{@link io.chute.serde.SchemaNotFoundException} (404 with 40401/40402/40403, or schema not usable as Avro):
 *       DATA error, never retried; the record is rejected.</li>
 *   <li>{@link io.chute.serde.RegistryUnavailableException} (IO errors, timeouts, 5xx/408/429 after the bounded
 *       retries; or a refused read through {@code CachedSchemaSource}): OUTAGE, the caller pauses and retries; a
 *       record is never dead-lettered for it.</li>
 *   <li>{@link io.chute.serde.RegistryRejectedException}: any other 4xx (e.g. 409/422 on register, 401), not
 *       retried.</li>
 * </ul>
 */
package io.chute.serde;
