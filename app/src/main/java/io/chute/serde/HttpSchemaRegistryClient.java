package io.chute.serde;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * {@link SchemaRegistryClient} over the Confluent REST API with {@code java.net.http}; thread-safe.
 *
 * <p>Caches: parsed schemas by id and referenced schema texts by (subject, version), both bounded LRU without expiry
 * (immutable); "not found" answers for an id are remembered only for {@link RegistryClientConfig#negativeCacheTtl()}.
 * Subject lookups ({@link #latest}, {@link #versions}...) are not cached: they change.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {
    private static final int MAX_REFERENCE_DEPTH = 32;

    private final RegistryHttp http;
    private final LruCache<Integer, Schema> byId;
    private final LruCache<String, SchemaText> referenced;
    private final LruCache<Integer, Long> missingUntil;
    private final long negativeTtlNanos;

    private record SchemaText(String text, List<SchemaReference> references) {
    }

    public HttpSchemaRegistryClient(RegistryClientConfig config) {
        this.http = new RegistryHttp(config);
        this.byId = new LruCache<>(config.cacheSize());
        this.referenced = new LruCache<>(config.cacheSize());
        this.missingUntil = new LruCache<>(1024);
        this.negativeTtlNanos = config.negativeCacheTtl().toNanos();
    }

    @Override
    public Schema schemaById(int id)
            throws SchemaNotFoundException, RegistryUnavailableException, RegistryRejectedException {
        Schema cached = byId.get(id);
        if (cached != null) {
            return cached;
        }
        Long until = missingUntil.get(id);
        if (until != null && System.nanoTime() - until < 0) {
            throw new SchemaNotFoundException("schema id " + id + " not found (cached answer)", 40403);
        }
        try {
            JsonNode node = http.call("GET", "/schemas/ids/" + id, null);
            requireAvro(node, "schema id " + id);
            Schema schema = parse(node.path("schema").asText(), references(node), "schema id " + id);
            byId.put(id, schema);
            return schema;
        } catch (SchemaNotFoundException e) {
            missingUntil.put(id, System.nanoTime() + negativeTtlNanos);
            throw e;
        }
    }

    @Override
    public List<SubjectVersion> subjectVersionsOf(int id)
            throws SchemaNotFoundException, RegistryUnavailableException, RegistryRejectedException {
        List<SubjectVersion> out = new ArrayList<>();
        for (JsonNode n : http.call("GET", "/schemas/ids/" + id + "/versions", null)) {
            out.add(new SubjectVersion(n.path("subject").asText(), n.path("version").asInt()));
        }
        return out;
    }

    /** {@code GET /subjects}: every subject name (also a cheap "is the registry answering" probe). */
    public List<String> subjects() throws RegistryException {
        List<String> out = new ArrayList<>();
        for (JsonNode n : http.call("GET", "/subjects", null)) {
            out.add(n.asText());
        }
        return out;
    }

    @Override
    public List<Integer> versions(String subject) throws RegistryException {
        List<Integer> out = new ArrayList<>();
        for (JsonNode n : http.call("GET", "/subjects/" + RegistryHttp.segment(subject) + "/versions", null)) {
            out.add(n.asInt());
        }
        return out;
    }

    @Override
    public RegisteredSchema version(String subject, int version) throws RegistryException {
        return subjectVersion(subject, String.valueOf(version));
    }

    @Override
    public RegisteredSchema latest(String subject) throws RegistryException {
        return subjectVersion(subject, "latest");
    }

    private RegisteredSchema subjectVersion(String subject, String version) throws RegistryException {
        JsonNode node = http.call("GET", "/subjects/" + RegistryHttp.segment(subject) + "/versions/" + version, null);
        String what = "subject " + subject + " version " + version;
        requireAvro(node, what);
        String text = node.path("schema").asText();
        List<SchemaReference> refs = references(node);
        return new RegisteredSchema(subject, node.path("version").asInt(), node.path("id").asInt(), text, refs,
                parse(text, refs, what));
    }

    @Override
    public int register(String subject, String schema, List<SchemaReference> references) throws RegistryException {
        JsonNode answer = http.call("POST", "/subjects/" + RegistryHttp.segment(subject) + "/versions",
                schemaBody(schema, references));
        return answer.path("id").asInt();
    }

    @Override
    public CompatibilityResult checkCompatibility(String subject, String schema, List<SchemaReference> references)
            throws RegistryException {
        try {
            JsonNode answer = http.call("POST", "/compatibility/subjects/" + RegistryHttp.segment(subject)
                    + "/versions/latest?verbose=true", schemaBody(schema, references));
            List<String> messages = new ArrayList<>();
            answer.path("messages").forEach(m -> messages.add(m.asText()));
            return new CompatibilityResult(answer.path("is_compatible").asBoolean(false), messages);
        } catch (SchemaNotFoundException e) {
            return new CompatibilityResult(true, List.of("subject " + subject + " has no versions yet"));
        }
    }

    @Override
    public String compatibilityLevel(String subject) throws RegistryException {
        String path = subject == null ? "/config" : "/config/" + RegistryHttp.segment(subject) + "?defaultToGlobal=true";
        JsonNode answer = http.call("GET", path, null);
        return answer.has("compatibilityLevel") ? answer.get("compatibilityLevel").asText()
                : answer.path("compatibility").asText(null);
    }

    @Override
    public void setCompatibilityLevel(String subject, String level) throws RegistryException {
        ObjectNode body = RegistryHttp.json().createObjectNode().put("compatibility", level);
        http.call("PUT", subject == null ? "/config" : "/config/" + RegistryHttp.segment(subject), body);
    }

    private static ObjectNode schemaBody(String schema, List<SchemaReference> references) {
        ObjectNode body = RegistryHttp.json().createObjectNode().put("schema", schema);
        if (references != null && !references.isEmpty()) {
            ArrayNode refs = body.putArray("references");
            for (SchemaReference r : references) {
                refs.addObject().put("name", r.name()).put("subject", r.subject()).put("version", r.version());
            }
        }
        return body;
    }

    private static void requireAvro(JsonNode node, String what) throws SchemaNotFoundException {
        String type = node.path("schemaType").asText("AVRO");
        if (!"AVRO".equalsIgnoreCase(type)) {
            throw new SchemaNotFoundException(what + " is a " + type + " schema, not Avro", 0);
        }
    }

    private static List<SchemaReference> references(JsonNode node) {
        List<SchemaReference> refs = new ArrayList<>();
        for (JsonNode r : node.path("references")) {
            refs.add(new SchemaReference(r.path("name").asText(), r.path("subject").asText(),
                    r.path("version").asInt(-1)));
        }
        return refs;
    }

    /** Parses referenced schemas first, depth-first, into one parser so that named types resolve. */
    private Schema parse(String text, List<SchemaReference> refs, String what)
            throws SchemaNotFoundException, RegistryUnavailableException, RegistryRejectedException {
        Schema.Parser parser = new Schema.Parser();
        Set<String> done = new HashSet<>();
        try {
            for (SchemaReference ref : refs) {
                addReference(parser, ref, done, 1);
            }
            return parser.parse(text);
        } catch (SchemaParseException | IllegalArgumentException e) {
            throw new SchemaNotFoundException(what + " is not a usable Avro schema: " + e.getMessage(), 0, e);
        }
    }

    private void addReference(Schema.Parser parser, SchemaReference ref, Set<String> done, int depth)
            throws SchemaNotFoundException, RegistryUnavailableException, RegistryRejectedException {
        String key = ref.subject() + '\u0000' + ref.version();
        if (!done.add(key)) {
            return;
        }
        if (depth > MAX_REFERENCE_DEPTH) {
            throw new SchemaNotFoundException("schema references nest deeper than " + MAX_REFERENCE_DEPTH, 0);
        }
        SchemaText referencedText = referenced.get(key);
        if (referencedText == null) {
            String version = ref.version() < 0 ? "latest" : String.valueOf(ref.version());
            JsonNode node = http.call("GET", "/subjects/" + RegistryHttp.segment(ref.subject()) + "/versions/"
                    + version, null);
            requireAvro(node, "reference " + ref.name());
            referencedText = new SchemaText(node.path("schema").asText(), references(node));
            if (ref.version() >= 0) {
                referenced.put(key, referencedText);
            }
        }
        for (SchemaReference nested : referencedText.references()) {
            addReference(parser, nested, done, depth + 1);
        }
        parser.parse(referencedText.text());
    }
}
