package io.chute.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.chute.dlq.Reason;
import io.chute.localstack.LocalStack;
import io.chute.retry.Backoff;
import io.chute.retry.MockTime;
import io.chute.retry.RetryPolicy;
import io.chute.serde.CachedSchemaSource;
import io.chute.serde.CompatibilityResult;
import io.chute.serde.HttpSchemaRegistryClient;
import io.chute.serde.RegisteredSchema;
import io.chute.serde.RegistryClientConfig;
import io.chute.serde.RegistryRejectedException;
import io.chute.serde.RegistryUnavailableException;
import io.chute.serde.SchemaNotFoundException;
import io.chute.serde.SchemaReference;
import io.chute.serde.SubjectVersion;
import io.chute.serde.WireFormat;
import io.chute.validation.RecordValidator;
import io.chute.validation.Rejection;
import io.chute.validation.ValidationResult;
import io.chute.validation.ValidatorConfig;

/**
 * chute's registry client against the real local registry (Apicurio's Confluent API), through a counting proxy:
 * references, caching, failures, subject lookups, compatibility, and validation of a produced record.
 */
class RegistryClientIT {
    private static final String ADDRESS = "{\"type\":\"record\",\"name\":\"Address\",\"namespace\":\"io.chute.it\","
            + "\"fields\":[{\"name\":\"street\",\"type\":\"string\"},{\"name\":\"zip\",\"type\":\"int\"}]}";
    private static final String CUSTOMER = "{\"type\":\"record\",\"name\":\"Customer\",\"namespace\":\"io.chute.it\","
            + "\"fields\":[{\"name\":\"name\",\"type\":\"string\"},{\"name\":\"address\",\"type\":\"Address\"}]}";

    private final LocalStack stack = LocalStack.shared();
    private final String topic = LocalStack.uniqueName("registry");
    private final String customerSubject = topic + "-value";
    private final String addressSubject = topic + "-address";
    private CountingProxy proxy;
    private HttpSchemaRegistryClient client;
    private List<SchemaReference> references;
    private int customerId;

    @BeforeEach
    void registerCustomerReferencingAddress() throws Exception {
        proxy = new CountingProxy(stack.registryUrl());
        client = new HttpSchemaRegistryClient(RegistryClientConfig.builder(proxy.url()).build());
        client.register(addressSubject, ADDRESS, List.of());
        // Apicurio resolves a reference only with a concrete version (-1 "latest" is not accepted)
        references = List.of(new SchemaReference("io.chute.it.Address", addressSubject,
                client.versions(addressSubject).get(0)));
        customerId = client.register(customerSubject, CUSTOMER, references);
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    @Test
    void shouldResolveTheReferencedTypeWhenFetchingASchemaById() throws Exception {
        Schema customer = client.schemaById(customerId);

        Schema address = customer.getField("address").schema();
        assertEquals("io.chute.it.Address", address.getFullName());
        assertEquals(List.of("street", "zip"), address.getFields().stream().map(Schema.Field::name).toList());
        RegisteredSchema latest = client.latest(customerSubject);
        assertEquals(customerId, latest.id());
        assertEquals(references, latest.references());
        assertEquals(customer, latest.schema());
    }

    @Test
    void shouldAnswerFromTheCacheWhenTheSameIdIsFetchedAgain() throws Exception {
        Schema first = client.schemaById(customerId);
        int requests = proxy.total();

        assertSame(first, client.schemaById(customerId));
        assertEquals(requests, proxy.total(), "no request for a cached id");
        assertEquals(1, proxy.count("GET", "/schemas/ids/" + customerId));
    }

    @Test
    void shouldThrowSchemaNotFoundWhenTheIdIsUnknown() {
        SchemaNotFoundException e = assertThrows(SchemaNotFoundException.class,
                () -> client.schemaById(Integer.MAX_VALUE - 7));
        assertEquals(40403, e.errorCode(), e.getMessage());
    }

    @Test
    void shouldThrowUnavailableAfterRetriesWhenTheRegistryIsDown() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        MockTime pauses = new MockTime();
        HttpSchemaRegistryClient down = new HttpSchemaRegistryClient(RegistryClientConfig
                .builder("http://127.0.0.1:" + closedPort).connectTimeout(Duration.ofSeconds(2))
                .retry(new RetryPolicy(new Backoff(1, 2, Backoff.Jitter.HALF), 3)).time(pauses).build());

        RegistryUnavailableException e = assertThrows(RegistryUnavailableException.class,
                () -> down.schemaById(customerId));
        assertTrue(e.getMessage().contains("after 3 attempts"), e.getMessage());
        assertEquals(2, pauses.sleeps().size(), "a pause between attempts");
        assertInstanceOf(java.io.IOException.class, e.getCause());
    }

    @Test
    void shouldListTheSubjectsOfAnIdWhenItIsRegistered() throws Exception {
        assertEquals(List.of(new SubjectVersion(customerSubject, 1)), client.subjectVersionsOf(customerId));
        CachedSchemaSource source = new CachedSchemaSource(client);
        assertEquals(java.util.Set.of(customerSubject), source.subjectsOf(customerId));
    }

    @Test
    void shouldRoundTripTheLevelAndJudgeCompatibilityWhenChecking() throws Exception {
        client.setCompatibilityLevel(addressSubject, "FULL");
        assertEquals("FULL", client.compatibilityLevel(addressSubject));
        client.setCompatibilityLevel(addressSubject, "BACKWARD");
        assertEquals("BACKWARD", client.compatibilityLevel(addressSubject));

        CompatibilityResult ok = client.checkCompatibility(addressSubject, withEmail(ADDRESS, true), List.of());
        CompatibilityResult broken = client.checkCompatibility(addressSubject, withEmail(ADDRESS, false), List.of());

        assertTrue(ok.compatible(), ok.messages().toString());
        assertFalse(broken.compatible(), "a new field without default breaks BACKWARD readers");
    }

    /**
     * Apicurio 3.0.9 answers the compatibility check of a schema with references with 422 "invalid Avro schema" (it
     * does not resolve them there), but applies the rule with references resolved when registering.
     */
    @Test
    void shouldRefuseAnIncompatibleVersionWhenRegisteringWithReferences() throws Exception {
        client.setCompatibilityLevel(customerSubject, "BACKWARD");

        RegistryRejectedException refused = assertThrows(RegistryRejectedException.class,
                () -> client.register(customerSubject, withEmail(CUSTOMER, false), references));
        int v2 = client.register(customerSubject, withEmail(CUSTOMER, true), references);

        assertEquals(409, refused.status(), refused.getMessage());
        assertEquals(List.of(1, 2), client.versions(customerSubject));
        assertEquals("io.chute.it.Address", client.schemaById(v2).getField("address").schema().getFullName());
    }

    /** The record with one more field {@code email}: optional (null default) or required. */
    private static String withEmail(String record, boolean optional) {
        String email = optional ? "{\"name\":\"email\",\"type\":[\"null\",\"string\"],\"default\":null}"
                : "{\"name\":\"email\",\"type\":\"string\"}";
        return record.replace("]}", "," + email + "]}");
    }

    @Test
    void shouldValidateAProducedCustomerWhenItsReferencesResolveFromTheRegistry() throws Exception {
        Schema.Parser parser = new Schema.Parser();
        Schema address = parser.parse(ADDRESS);
        Schema customer = parser.parse(CUSTOMER);
        GenericRecord street = new GenericData.Record(address);
        street.put("street", "Main St");
        street.put("zip", 12345);
        GenericRecord record = new GenericData.Record(customer);
        record.put("name", "Ada");
        record.put("address", street);
        stack.kafka().createTopic(topic, 1, Map.of());
        byte[] produced = WireFormat.encode(customerId, customer, record);
        produce(produced);
        byte[] consumed = consumeOne();

        RecordValidator validator = new RecordValidator(ValidatorConfig.defaults(), new CachedSchemaSource(client));
        ValidationResult result = validator.validate(topic, consumed);

        ValidationResult.Valid valid = assertInstanceOf(ValidationResult.Valid.class, result, result.toString());
        assertEquals(customerSubject, valid.subject());
        assertEquals("Ada|Main St|12345", valid.record().get("name") + "|"
                + ((GenericRecord) valid.record().get("address")).get("street") + "|"
                + ((GenericRecord) valid.record().get("address")).get("zip"));
        Rejection elsewhere = assertInstanceOf(Rejection.class, validator.validate(topic + "-other", consumed));
        assertEquals(Reason.SUBJECT_NOT_ALLOWED, elsewhere.reason(), elsewhere.message());
    }

    private void produce(byte[] value) throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, value)).get();
        }
    }

    private byte[] consumeOne() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        TopicPartition tp = new TopicPartition(topic, 0);
        List<byte[]> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        assertEquals(1, values.size(), "one record on " + topic);
        return values.get(0);
    }
}
