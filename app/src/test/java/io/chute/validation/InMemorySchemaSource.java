package io.chute.validation;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.apache.avro.Schema;

import io.chute.serde.RegistryUnavailableException;
import io.chute.serde.SchemaNotFoundException;
import io.chute.serde.SchemaSource;

/** A {@link SchemaSource} fake: schemas and subjects in maps, optionally "down". */
public final class InMemorySchemaSource implements SchemaSource {
    private final Map<Integer, Schema> schemas = new HashMap<>();
    private final Map<Integer, Set<String>> cachedSubjects = new HashMap<>();
    private final Map<Integer, Set<String>> freshSubjects = new HashMap<>();
    public boolean down;
    /** The next this many lookups fail as an outage, then the registry answers again. */
    public int outageCalls;
    public int refreshes;

    /** Registers {@code schema} as {@code id} under {@code subject} (cached and fresh view). */
    public InMemorySchemaSource put(int id, Schema schema, String subject) {
        schemas.put(id, schema);
        cachedSubjects.computeIfAbsent(id, k -> new HashSet<>()).add(subject);
        freshSubjects.computeIfAbsent(id, k -> new HashSet<>()).add(subject);
        return this;
    }

    /** A subject only a refresh sees (registered after the cache was filled). */
    public InMemorySchemaSource putFreshSubject(int id, String subject) {
        freshSubjects.computeIfAbsent(id, k -> new HashSet<>()).add(subject);
        return this;
    }

    @Override
    public Schema byId(int id) throws SchemaNotFoundException, RegistryUnavailableException {
        if (down) {
            throw new RegistryUnavailableException("down", null);
        }
        if (outageCalls > 0) {
            outageCalls--;
            throw new RegistryUnavailableException("down for " + outageCalls + " more calls", null);
        }
        Schema schema = schemas.get(id);
        if (schema == null) {
            throw new SchemaNotFoundException("schema id " + id + " not found", 40403);
        }
        return schema;
    }

    @Override
    public Set<String> subjectsOf(int id) throws SchemaNotFoundException, RegistryUnavailableException {
        byId(id);
        return cachedSubjects.get(id);
    }

    @Override
    public Set<String> refreshSubjectsOf(int id) throws SchemaNotFoundException, RegistryUnavailableException {
        byId(id);
        refreshes++;
        return freshSubjects.get(id);
    }
}
