package io.chute.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.chute.retry.Backoff;
import io.chute.retry.MockTime;
import io.chute.retry.RetryPolicy;
import io.chute.serde.FakeRegistryServer.Response;

class HttpSchemaRegistryClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MONEY = "{\"type\":\"record\",\"name\":\"Money\",\"namespace\":\"x\",\"fields\":["
            + "{\"name\":\"amount\",\"type\":\"long\"},{\"name\":\"currency\",\"type\":\"x.Currency\"}]}";
    private static final String CURRENCY = "{\"type\":\"enum\",\"name\":\"Currency\",\"namespace\":\"x\","
            + "\"symbols\":[\"EUR\",\"USD\"]}";
    private static final String ORDER = "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"x\",\"fields\":["
            + "{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"total\",\"type\":\"x.Money\"}]}";

    private FakeRegistryServer server;
    private final MockTime time = new MockTime();

    @BeforeEach
    void start() throws Exception {
        server = new FakeRegistryServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpSchemaRegistryClient client(RegistryClientConfig.Builder builder) {
        return new HttpSchemaRegistryClient(builder.retry(new RetryPolicy(new Backoff(100, 250,
                Backoff.Jitter.HALF), 4)).time(time).build());
    }

    private HttpSchemaRegistryClient client() {
        return client(RegistryClientConfig.builder(server.url()));
    }

    private static String schemaAnswer(String schema, String refs) throws Exception {
        ObjectNode node = JSON.createObjectNode().put("schema", schema);
        if (refs != null) {
            node.set("references", JSON.readTree(refs));
        }
        return JSON.writeValueAsString(node);
    }

    private static String versionAnswer(String subject, int version, int id, String schema, String refs)
            throws Exception {
        ObjectNode node = (ObjectNode) JSON.readTree(schemaAnswer(schema, refs));
        node.put("subject", subject).put("version", version).put("id", id);
        return JSON.writeValueAsString(node);
    }

    @Test
    void shouldResolveTwoLevelReferencesWhenSchemaByIdHasReferences() throws Exception {
        server.on("GET /schemas/ids/7", schemaAnswer(ORDER, "[{\"name\":\"x.Money\",\"subject\":\"money\",\"version\":2}]"))
                .on("GET /subjects/money/versions/2", versionAnswer("money", 2, 5, MONEY,
                        "[{\"name\":\"x.Currency\",\"subject\":\"currency\",\"version\":1}]"))
                .on("GET /subjects/currency/versions/1", versionAnswer("currency", 1, 4, CURRENCY, null));

        Schema order = client().schemaById(7);

        Schema currency = order.getField("total").schema().getField("currency").schema();
        assertEquals(Schema.Type.ENUM, currency.getType());
        assertEquals(List.of("EUR", "USD"), currency.getEnumSymbols());
    }

    @Test
    void shouldNotCallServerWhenSchemaIdIsCached() throws Exception {
        server.on("GET /schemas/ids/1", schemaAnswer("\"string\"", null));
        HttpSchemaRegistryClient client = client();

        Schema first = client.schemaById(1);
        Schema second = client.schemaById(1);

        assertTrue(first == second);
        assertEquals(1, server.count("GET /schemas/ids/1"));
    }

    @Test
    void shouldThrowNotFoundWithoutRetryWhenRegistryAnswers40403() {
        server.on("GET /schemas/ids/9", new Response(404, "{\"error_code\":40403,\"message\":\"Schema not found\"}"));
        HttpSchemaRegistryClient client = client();

        SchemaNotFoundException e = assertThrows(SchemaNotFoundException.class, () -> client.schemaById(9));

        assertEquals(40403, e.errorCode());
        assertEquals(1, server.count("GET /schemas/ids/9"));
        assertTrue(time.sleeps().isEmpty());
    }

    @Test
    void shouldNotAskAgainWhenNotFoundWasAnsweredWithinNegativeTtl() {
        server.on("GET /schemas/ids/9", new Response(404, "{\"error_code\":40403,\"message\":\"Schema not found\"}"));
        HttpSchemaRegistryClient client = client(RegistryClientConfig.builder(server.url())
                .negativeCacheTtl(Duration.ofMinutes(1)));

        assertThrows(SchemaNotFoundException.class, () -> client.schemaById(9));
        assertThrows(SchemaNotFoundException.class, () -> client.schemaById(9));

        assertEquals(1, server.count("GET /schemas/ids/9"));
    }

    @Test
    void shouldRetryWithGrowingBackoffThenThrowUnavailableWhenRegistryKeepsFailing() {
        server.on("GET /schemas/ids/3", new Response(503, "{\"error_code\":50301,\"message\":\"down\"}"));
        HttpSchemaRegistryClient client = client();

        RegistryUnavailableException e = assertThrows(RegistryUnavailableException.class, () -> client.schemaById(3));

        assertEquals(4, server.count("GET /schemas/ids/3"));
        assertEquals(3, time.sleeps().size());
        assertTrue(time.sleeps().get(0) >= 50 && time.sleeps().get(0) <= 100, time.sleeps().toString());
        assertTrue(time.sleeps().get(1) >= 100 && time.sleeps().get(1) <= 200, time.sleeps().toString());
        assertTrue(time.sleeps().get(2) >= 125 && time.sleeps().get(2) <= 250, time.sleeps().toString());
        assertTrue(e.getMessage().contains("503"), e.getMessage());
    }

    @Test
    void shouldSucceedWhenRegistryRecoversWithinRetries() throws Exception {
        server.on("GET /schemas/ids/3", new Response(500, "oops"), new Response(502, "oops"),
                new Response(200, schemaAnswer("\"long\"", null)));

        Schema schema = client().schemaById(3);

        assertEquals(Schema.Type.LONG, schema.getType());
        assertEquals(3, server.count("GET /schemas/ids/3"));
        assertEquals(2, time.sleeps().size());
    }

    @Test
    void shouldThrowUnavailableWhenNothingListens() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        HttpSchemaRegistryClient client = client(RegistryClientConfig.builder("http://127.0.0.1:" + port));

        RegistryUnavailableException e = assertThrows(RegistryUnavailableException.class, () -> client.schemaById(1));

        assertNotNull(e.getCause());
        assertEquals(3, time.sleeps().size());
    }

    @Test
    void shouldRejectWithoutRetryWhenRegistryAnswersPlain404() {
        HttpSchemaRegistryClient client = client();

        RegistryRejectedException e = assertThrows(RegistryRejectedException.class, () -> client.schemaById(11));

        assertEquals(404, e.status());
        assertEquals(1, server.count("GET /schemas/ids/11"));
    }

    @Test
    void shouldSendBasicAuthWhenUrlHasUserInfo() throws Exception {
        server.on("GET /schemas/ids/1", schemaAnswer("\"string\"", null));
        String url = server.url().replace("http://", "http://alice:s%3Acret@");

        client(RegistryClientConfig.builder(url)).schemaById(1);

        String expected = "Basic " + Base64.getEncoder().encodeToString("alice:s:cret".getBytes());
        assertEquals(expected, server.requests.get(0).authorization());
    }

    @Test
    void shouldSendBearerTokenWhenConfigured() throws Exception {
        server.on("GET /schemas/ids/1", schemaAnswer("\"string\"", null));

        client(RegistryClientConfig.builder(server.url()).bearerToken("t0k3n")).schemaById(1);

        assertEquals("Bearer t0k3n", server.requests.get(0).authorization());
    }

    @Test
    void shouldPostSchemaWithReferencesWhenRegistering() throws Exception {
        server.on("POST /subjects/orders-value/versions", "{\"id\":42}");

        int id = client().register("orders-value", ORDER, List.of(new SchemaReference("x.Money", "money", 2)));

        assertEquals(42, id);
        FakeRegistryServer.Request request = server.requests.get(0);
        assertEquals(RegistryHttp.CONTENT_TYPE, request.contentType());
        JsonNode body = JSON.readTree(request.body());
        assertEquals(ORDER, body.get("schema").asText());
        assertEquals("money", body.get("references").get(0).get("subject").asText());
        assertEquals(2, body.get("references").get(0).get("version").asInt());
    }

    @Test
    void shouldReturnMessagesWhenCompatibilityCheckFails() throws Exception {
        server.on("POST /compatibility/subjects/orders-value/versions/latest?verbose=true",
                "{\"is_compatible\":false,\"messages\":[\"reader field id has no default\"]}");

        CompatibilityResult result = client().checkCompatibility("orders-value", ORDER, List.of());

        assertFalse(result.compatible());
        assertEquals(List.of("reader field id has no default"), result.messages());
    }

    @Test
    void shouldReadSubjectAndGlobalCompatibilityAndSetIt() throws Exception {
        server.on("GET /config/orders-value?defaultToGlobal=true", "{\"compatibilityLevel\":\"FULL\"}")
                .on("GET /config", "{\"compatibilityLevel\":\"BACKWARD\"}")
                .on("PUT /config/orders-value", "{\"compatibility\":\"NONE\"}");
        HttpSchemaRegistryClient client = client();

        assertEquals("FULL", client.compatibilityLevel("orders-value"));
        assertEquals("BACKWARD", client.compatibilityLevel(null));
        client.setCompatibilityLevel("orders-value", "NONE");

        assertEquals("NONE", JSON.readTree(server.requests.get(2).body()).get("compatibility").asText());
    }

    @Test
    void shouldListSubjectVersionsAndLatestWhenAsked() throws Exception {
        server.on("GET /schemas/ids/5/versions", "[{\"subject\":\"money\",\"version\":2}]")
                .on("GET /subjects/money/versions", "[1,2]")
                .on("GET /subjects/money/versions/latest", versionAnswer("money", 2, 5, MONEY,
                        "[{\"name\":\"x.Currency\",\"subject\":\"currency\",\"version\":1}]"))
                .on("GET /subjects/currency/versions/1", versionAnswer("currency", 1, 4, CURRENCY, null));
        HttpSchemaRegistryClient client = client();

        assertEquals(List.of(new SubjectVersion("money", 2)), client.subjectVersionsOf(5));
        assertEquals(List.of(1, 2), client.versions("money"));
        RegisteredSchema latest = client.latest("money");
        assertEquals(5, latest.id());
        assertEquals(2, latest.version());
        assertEquals("x.Money", latest.schema().getFullName());
    }
}
