package io.chute.serde;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import org.apache.avro.Schema;

/**
 * The production {@link SchemaSource}: schemas from a {@link SchemaRegistryClient} (which caches them by id), and the
 * subjects of each id cached here, because the same id can later be registered under more subjects.
 *
 * <p>{@link #refreshSubjectsOf} asks the registry again unless the cached answer is younger than
 * {@code minRefreshInterval}, so a flood of records with a wrong subject costs at most one request per id per
 * interval. A read refused by the registry (e.g. 401) is reported as {@link RegistryUnavailableException}: it is not
 * the record's fault.
 */
public final class CachedSchemaSource implements SchemaSource {
    private final SchemaRegistryClient client;
    private final long minRefreshNanos;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<Integer, Subjects> subjects = new ConcurrentHashMap<>();
    private final int maxIds;

    private record Subjects(Set<String> names, long fetchedAtNanos) {
    }

    public CachedSchemaSource(SchemaRegistryClient client) {
        this(client, Duration.ofSeconds(1), System::nanoTime, 10_000);
    }

    public CachedSchemaSource(SchemaRegistryClient client, Duration minRefreshInterval, LongSupplier nanoClock,
                              int maxIds) {
        this.client = client;
        this.minRefreshNanos = minRefreshInterval.toNanos();
        this.nanoClock = nanoClock;
        this.maxIds = maxIds;
    }

    @Override
    public Schema byId(int id) throws SchemaNotFoundException, RegistryUnavailableException {
        try {
            return client.schemaById(id);
        } catch (RegistryRejectedException e) {
            throw new RegistryUnavailableException("registry refused to serve schema id " + id, e);
        }
    }

    @Override
    public Set<String> subjectsOf(int id) throws SchemaNotFoundException, RegistryUnavailableException {
        Subjects cached = subjects.get(id);
        return cached != null ? cached.names() : fetch(id);
    }

    @Override
    public Set<String> refreshSubjectsOf(int id) throws SchemaNotFoundException, RegistryUnavailableException {
        Subjects cached = subjects.get(id);
        if (cached != null && nanoClock.getAsLong() - cached.fetchedAtNanos() < minRefreshNanos) {
            return cached.names();
        }
        return fetch(id);
    }

    private Set<String> fetch(int id) throws SchemaNotFoundException, RegistryUnavailableException {
        try {
            Set<String> names = client.subjectVersionsOf(id).stream().map(SubjectVersion::subject)
                    .collect(Collectors.toUnmodifiableSet());
            if (subjects.size() >= maxIds) {
                subjects.clear(); // crude bound: a refetch is cheap, a leak is not
            }
            subjects.put(id, new Subjects(names, nanoClock.getAsLong()));
            return names;
        } catch (RegistryRejectedException e) {
            throw new RegistryUnavailableException("registry refused to list subjects of schema id " + id, e);
        }
    }
}
