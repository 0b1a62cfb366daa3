package io.chute.serde;

import java.util.Set;

import org.apache.avro.Schema;

/**
 * Where validation gets writer schemas from: the seam between pure validation and the registry. Implementations must
 * be thread-safe and should cache (ids are immutable).
 */
public interface SchemaSource {

    /**
     * The writer schema registered under {@code id}, references resolved.
     *
     * @throws SchemaNotFoundException the id does not exist or is not a usable Avro schema (data error)
     * @throws RegistryUnavailableException the registry cannot answer now (outage: retry later, never dead-letter)
     */
    Schema byId(int id) throws SchemaNotFoundException, RegistryUnavailableException;

    /**
     * The subjects under which {@code id} is registered (Confluent {@code GET /schemas/ids/{id}/versions}); may be
     * served from a cache, so a subject registered very recently can be missing: see {@link #refreshSubjectsOf}.
     */
    Set<String> subjectsOf(int id) throws SchemaNotFoundException, RegistryUnavailableException;

    /**
     * Like {@link #subjectsOf} but asks the registry again unless that was done very recently (implementations rate
     * limit). Callers use it before rejecting a record whose subject was not in the cached answer.
     */
    default Set<String> refreshSubjectsOf(int id) throws SchemaNotFoundException, RegistryUnavailableException {
        return subjectsOf(id);
    }
}
