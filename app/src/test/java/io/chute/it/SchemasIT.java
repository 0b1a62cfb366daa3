package io.chute.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.chute.localstack.LocalStack;
import io.chute.serde.HttpSchemaRegistryClient;
import io.chute.serde.RegistryClientConfig;
import io.chute.serde.SchemaReference;

/** {@code chute schemas check|register} against the local Apicurio registry (which gives no reasons itself). */
class SchemasIT {

    @Test
    void shouldExplainAndRefuseWhenSchemaIsIncompatible(@TempDir Path dir) throws Exception {
        LocalStack stack = LocalStack.shared();
        String subject = LocalStack.uniqueName("schemas") + "-value";
        Path schemas = Events.schemasDir();
        String v1 = schemas.resolve("event-v1.avsc").toString();
        String v2 = schemas.resolve("event-v2.avsc").toString();
        Path bad = dir.resolve("event-bad.avsc");
        Files.writeString(bad, Files.readString(schemas.resolve("event-v2.avsc"))
                .replace("{\"name\": \"user_id\", \"type\": \"long\"}", "{\"name\": \"user_id\", \"type\": \"string\"}")
                .replace("\"default\": null}", "\"default\": null},\n    {\"name\": \"channel\", \"type\": \"string\"}"));
        Properties p = new Properties();
        p.setProperty("application.id", "schemas-it");
        p.setProperty("bootstrap.servers", stack.bootstrapServers());
        p.setProperty("source.topics", "unused");
        p.setProperty("dlq.topic", "unused-dlq");
        p.setProperty("schema.registry.url", stack.registryUrl());
        p.setProperty("clickhouse.url", "http://127.0.0.1:1");
        String config = CliRun.write(p, dir).toString();
        HttpSchemaRegistryClient registry = new HttpSchemaRegistryClient(
                RegistryClientConfig.builder(stack.registryUrl()).build());

        CliRun first = CliRun.of("schemas", "register", v1, "--subject", subject, "--registry", stack.registryUrl());
        assertEquals(0, first.exit(), first.err());
        assertTrue(first.out().contains("registered under " + subject + ": id "), first.out());
        registry.setCompatibilityLevel(subject, "BACKWARD");

        CliRun ok = CliRun.of("schemas", "check", v2, "--subject", subject, "--config", config);
        assertEquals(0, ok.exit(), ok.out() + ok.err());
        assertTrue(ok.out().contains("compatibility BACKWARD, checked against v1): COMPATIBLE"), ok.out());

        CliRun no = CliRun.of("schemas", "check", bad.toString(), "--subject", subject, "--config", config);
        assertEquals(1, no.exit(), no.out() + no.err());
        assertTrue(no.out().contains("INCOMPATIBLE"), no.out());
        assertTrue(no.out().contains("~ field 'user_id': type changed from long in v1 (id "), no.out());
        assertTrue(no.out().contains("+ field 'channel' (string) added without a default"), no.out());

        CliRun refused = CliRun.of("schemas", "register", bad.toString(), "--subject", subject, "--config", config);
        assertEquals(1, refused.exit(), refused.out() + refused.err());
        assertTrue(refused.err().contains("not registered"), refused.err());
        assertEquals(1, registry.versions(subject).size(), "nothing registered");

        CliRun second = CliRun.of("schemas", "register", v2, "--subject", subject, "--registry", stack.registryUrl());
        assertEquals(0, second.exit(), second.out() + second.err());
        assertEquals(2, registry.versions(subject).size());
    }

    @Test
    void shouldGiveAVerdictWhenTheSubjectsVersionsUseReferences(@TempDir Path dir) throws Exception {
        LocalStack stack = LocalStack.shared();
        String customer = LocalStack.uniqueName("customer") + "-value";
        String orders = LocalStack.uniqueName("orders") + "-value";
        HttpSchemaRegistryClient registry = new HttpSchemaRegistryClient(
                RegistryClientConfig.builder(stack.registryUrl()).build());
        registry.register(customer, "{\"type\":\"record\",\"name\":\"Customer\",\"namespace\":\"o\","
                + "\"fields\":[{\"name\":\"name\",\"type\":\"string\"}]}", java.util.List.of());
        registry.register(orders, "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"o\",\"fields\":["
                + "{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"customer\",\"type\":\"o.Customer\"}]}",
                java.util.List.of(new SchemaReference("o.Customer", customer, 1)));
        registry.setCompatibilityLevel(orders, "BACKWARD");
        String full = "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"o\",\"fields\":["
                + "{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"customer\",\"type\":{\"type\":\"record\","
                + "\"name\":\"Customer\",\"fields\":[{\"name\":\"name\",\"type\":\"string\"}]}}%s]}";
        Path ok = Files.writeString(dir.resolve("ok.avsc"), String.format(full,
                ",{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null}"));
        Path bad = Files.writeString(dir.resolve("bad.avsc"), String.format(full,
                ",{\"name\":\"note\",\"type\":\"string\"}"));

        CliRun yes = CliRun.of("schemas", "check", ok.toString(), "--subject", orders, "--registry",
                stack.registryUrl());
        assertEquals(0, yes.exit(), yes.out() + yes.err());
        assertTrue(yes.out().contains("checked against v1): COMPATIBLE"), yes.out());
        // Apicurio 3.0.9 answers 422 (42201) for a subject whose versions use references: chute's check decides
        assertTrue(yes.out().contains("(verdict of chute's reader/writer check"), yes.out());
        CliRun no = CliRun.of("schemas", "check", bad.toString(), "--subject", orders, "--registry",
                stack.registryUrl());
        assertEquals(1, no.exit(), no.out() + no.err());
        assertTrue(no.out().contains("+ field 'note' (string) added without a default"), no.out());
    }
}
