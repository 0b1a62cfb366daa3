package io.chute.localstack.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pins down what Apicurio's Confluent-compatible API returns, as the app's registry client relies on it. */
class LocalRegistryIT {
    private static final String ADDRESS = "{\"type\":\"record\",\"name\":\"Address\",\"namespace\":\"t\","
            + "\"fields\":[{\"name\":\"city\",\"type\":\"string\"}]}";
    private static final String ADDRESS_WITH_ZIP = "{\"type\":\"record\",\"name\":\"Address\",\"namespace\":\"t\","
            + "\"fields\":[{\"name\":\"city\",\"type\":\"string\"},{\"name\":\"zip\",\"type\":\"string\",\"default\":\"\"}]}";
    private static final String ADDRESS_ZIP_NO_DEFAULT = "{\"type\":\"record\",\"name\":\"Address\",\"namespace\":\"t\","
            + "\"fields\":[{\"name\":\"city\",\"type\":\"string\"},{\"name\":\"zip\",\"type\":\"string\"}]}";
    private static final String PERSON = "{\"type\":\"record\",\"name\":\"Person\",\"namespace\":\"t\","
            + "\"fields\":[{\"name\":\"home\",\"type\":\"t.Address\"}]}";

    @TempDir
    static Path workDir;
    static LocalRegistry registry;
    static ConfluentApi api;

    @BeforeAll
    static void startRegistry() {
        long t0 = System.nanoTime();
        registry = LocalRegistry.start(workDir);
        System.out.printf("LocalRegistry ready in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        api = new ConfluentApi(registry.url());
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @Test
    void shouldReturnSchemaByIdWhenRegistered() {
        ConfluentApi.Reply reg = api.post("/subjects/byid-value/versions", Map.of("schema", ADDRESS));
        assertEquals(200, reg.status(), String.valueOf(reg.body()));
        int id = reg.body().get("id").asInt();

        assertEquals(id, api.post("/subjects/byid-value/versions", Map.of("schema", ADDRESS)).body().get("id").asInt(),
                "re-registering the same schema returns the same id");
        JsonNode byId = api.get("/schemas/ids/" + id).body();
        assertEquals(ADDRESS, byId.get("schema").asText());
        // unlike Confluent, Apicurio names the type even for AVRO and always sends an (empty) references array
        assertEquals("AVRO", byId.get("schemaType").asText());
        assertEquals(0, byId.get("references").size());
    }

    @Test
    void shouldReturnReferencesWhenSchemaRefersToAnotherSubject() {
        assertEquals(200, api.post("/subjects/ref-address/versions", Map.of("schema", ADDRESS)).status());
        Map<String, Object> ref = Map.of("name", "t.Address", "subject", "ref-address", "version", 1);
        ConfluentApi.Reply reg = api.post("/subjects/ref-person-value/versions",
                Map.of("schema", PERSON, "references", List.of(ref)));
        assertEquals(200, reg.status(), String.valueOf(reg.body()));
        int id = reg.body().get("id").asInt();

        JsonNode byId = api.get("/schemas/ids/" + id).body();
        assertEquals(PERSON, byId.get("schema").asText(), "the referring schema comes back unexpanded");
        JsonNode refs = byId.get("references");
        assertEquals(1, refs.size());
        assertEquals("t.Address", refs.get(0).get("name").asText());
        assertEquals("ref-address", refs.get(0).get("subject").asText());
        assertEquals(1, refs.get(0).get("version").asInt());
        JsonNode latest = api.get("/subjects/ref-person-value/versions/latest").body();
        assertEquals(id, latest.get("id").asInt());
        assertEquals(refs, latest.get("references"));
    }

    @Test
    void shouldRejectReferenceWhenVersionIsLatestMarker() {
        api.post("/subjects/neg-address/versions", Map.of("schema", ADDRESS));
        Map<String, Object> ref = Map.of("name", "t.Address", "subject", "neg-address", "version", -1);
        ConfluentApi.Reply reg = api.post("/subjects/neg-person/versions",
                Map.of("schema", PERSON, "references", List.of(ref)));
        assertEquals(422, reg.status(), "Apicurio 3.0.9 needs a concrete reference version: " + reg.body());
    }

    @Test
    void shouldJudgeCompatibilityWhenSubjectConfiguredBackward() {
        api.post("/subjects/compat-value/versions", Map.of("schema", ADDRESS));
        ConfluentApi.Reply put = api.put("/config/compat-value", Map.of("compatibility", "BACKWARD"));
        assertEquals(200, put.status(), String.valueOf(put.body()));
        // Confluent answers {"compatibility": ...}; Apicurio answers with the GET shape
        assertEquals("BACKWARD", put.body().get("compatibilityLevel").asText());
        assertEquals("BACKWARD", api.get("/config/compat-value").body().get("compatibilityLevel").asText());

        assertTrue(isCompatible(ADDRESS_WITH_ZIP));
        assertFalse(isCompatible(ADDRESS_ZIP_NO_DEFAULT));
        ConfluentApi.Reply rejected = api.post("/subjects/compat-value/versions",
                Map.of("schema", ADDRESS_ZIP_NO_DEFAULT));
        assertEquals(409, rejected.status(), String.valueOf(rejected.body()));
        assertEquals(409, rejected.body().get("error_code").asInt());
    }

    @Test
    void shouldDefaultToNoCompatibilityWhenNothingConfigured() {
        // Confluent's default is BACKWARD; Apicurio's global default is NONE
        assertEquals("NONE", api.get("/config").body().get("compatibilityLevel").asText());
    }

    @Test
    void shouldAnswer404WhenSubjectUnknown() {
        ConfluentApi.Reply r = api.get("/subjects/no-such-subject/versions/latest");
        assertEquals(404, r.status());
        assertEquals(40401, r.body().get("error_code").asInt());
        assertNotEquals(200, api.get("/schemas/ids/999999").status());
    }

    private static boolean isCompatible(String schema) {
        ConfluentApi.Reply r = api.post("/compatibility/subjects/compat-value/versions/latest", Map.of("schema", schema));
        assertEquals(200, r.status(), String.valueOf(r.body()));
        return r.body().get("is_compatible").asBoolean();
    }
}
