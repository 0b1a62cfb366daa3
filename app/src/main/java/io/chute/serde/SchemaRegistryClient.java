package io.chute.serde;

import java.util.List;

import org.apache.avro.Schema;

/**
 * The subset of the Confluent Schema Registry REST API chute needs. Failure semantics for every method:
 * {@link SchemaNotFoundException} = the id/subject/version does not exist (data error, not retried);
 * {@link RegistryUnavailableException} = outage after bounded retries (wait, never dead-letter);
 * {@link RegistryRejectedException} = the registry refused the request (4xx).
 */
public interface SchemaRegistryClient {

    /** {@code GET /schemas/ids/{id}}, references resolved recursively. Cached: ids are immutable. */
    Schema schemaById(int id) throws SchemaNotFoundException, RegistryUnavailableException, RegistryRejectedException;

    /** {@code GET /schemas/ids/{id}/versions}: the (subject, version) pairs under which the id is registered. */
    List<SubjectVersion> subjectVersionsOf(int id)
            throws SchemaNotFoundException, RegistryUnavailableException, RegistryRejectedException;

    /** {@code GET /subjects/{subject}/versions}. */
    List<Integer> versions(String subject) throws RegistryException;

    /** {@code GET /subjects/{subject}/versions/{version}}, references resolved. */
    RegisteredSchema version(String subject, int version) throws RegistryException;

    /** {@code GET /subjects/{subject}/versions/latest}, references resolved. */
    RegisteredSchema latest(String subject) throws RegistryException;

    /** {@code POST /subjects/{subject}/versions}; returns the schema id (existing id if already registered). */
    int register(String subject, String schema, List<SchemaReference> references) throws RegistryException;

    /**
     * {@code POST /compatibility/subjects/{subject}/versions/latest?verbose=true}. A subject without versions is
     * reported compatible (nothing to break).
     */
    CompatibilityResult checkCompatibility(String subject, String schema, List<SchemaReference> references)
            throws RegistryException;

    /** {@code GET /config/{subject}} (falling back to global), or {@code GET /config} when subject is null. */
    String compatibilityLevel(String subject) throws RegistryException;

    /** {@code PUT /config/{subject}}, or {@code PUT /config} when subject is null. */
    void setCompatibilityLevel(String subject, String level) throws RegistryException;
}
