package io.chute.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class CachedSchemaSourceTest {
    private final FakeClient client = new FakeClient();
    private final AtomicLong nanos = new AtomicLong();
    private final CachedSchemaSource source = new CachedSchemaSource(client, Duration.ofSeconds(1), nanos::get, 100);

    /** Only the two lookups the source uses are implemented. */
    private static final class FakeClient implements SchemaRegistryClient {
        List<SubjectVersion> subjects = List.of(new SubjectVersion("a-value", 1));
        int subjectCalls;
        boolean refuse;

        @Override
        public Schema schemaById(int id) throws RegistryRejectedException {
            if (refuse) {
                throw new RegistryRejectedException("401", 401, 401);
            }
            return Schema.create(Schema.Type.STRING);
        }

        @Override
        public List<SubjectVersion> subjectVersionsOf(int id) {
            subjectCalls++;
            return subjects;
        }

        @Override
        public List<Integer> versions(String subject) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RegisteredSchema version(String subject, int version) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RegisteredSchema latest(String subject) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int register(String subject, String schema, List<SchemaReference> references) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompatibilityResult checkCompatibility(String subject, String schema, List<SchemaReference> refs) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String compatibilityLevel(String subject) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setCompatibilityLevel(String subject, String level) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void shouldServeSubjectsFromCacheWhenAskedTwice() throws Exception {
        assertEquals(Set.of("a-value"), source.subjectsOf(1));
        assertEquals(Set.of("a-value"), source.subjectsOf(1));

        assertEquals(1, client.subjectCalls);
    }

    @Test
    void shouldRefreshAtMostOncePerIntervalWhenRefreshIsRequested() throws Exception {
        source.subjectsOf(1);
        client.subjects = List.of(new SubjectVersion("a-value", 1), new SubjectVersion("b-value", 3));

        assertEquals(Set.of("a-value"), source.refreshSubjectsOf(1));
        nanos.addAndGet(Duration.ofMillis(1001).toNanos());
        assertEquals(Set.of("a-value", "b-value"), source.refreshSubjectsOf(1));

        assertEquals(2, client.subjectCalls);
    }

    @Test
    void shouldReportOutageWhenRegistryRefusesARead() {
        client.refuse = true;

        assertThrows(RegistryUnavailableException.class, () -> source.byId(1));
    }
}
