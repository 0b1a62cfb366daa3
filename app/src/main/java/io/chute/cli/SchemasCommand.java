package io.chute.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import io.chute.app.RegistryClients;
import io.chute.ops.SchemaTool;
import io.chute.serde.HttpSchemaRegistryClient;
import io.chute.serde.RegistryClientConfig;

/** {@code chute schemas check|register}: exit 0 compatible (registered), 1 incompatible (nothing registered). */
@Command(name = "schemas", mixinStandardHelpOptions = true,
        description = "Check a schema against a subject's compatibility level, or register it.",
        subcommands = {SchemasCommand.Check.class, SchemasCommand.Register.class})
final class SchemasCommand extends CommandGroup {

    /** The arguments both subcommands take (a picocli mixin). */
    static final class Target {
        @Parameters(index = "0", paramLabel = "FILE.avsc", description = "Avro schema file.")
        Path file;

        @Option(names = "--subject", required = true, description = "Registry subject, e.g. events-value.")
        String subject;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Registry registry;

        SchemaTool tool() throws Exception {
            return new SchemaTool(new HttpSchemaRegistryClient(registry.config()));
        }

        String schemaText() throws Exception {
            return Files.readString(file);
        }
    }

    /** The registry to talk to: a URL, or the one of a chute configuration (with its credentials). */
    static final class Registry {
        @Option(names = "--registry", paramLabel = "URL", required = true,
                description = "Registry base URL (Confluent API).")
        String url;

        @Option(names = {"-c", "--config"}, paramLabel = "FILE", required = true,
                description = "chute properties file: schema.registry.* are used.")
        Path config;

        RegistryClientConfig config() throws Exception {
            if (url != null) {
                return RegistryClientConfig.builder(url).build();
            }
            return RegistryClients.config(
                    ConfigLoader.fromProcess(config)).build();
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Is FILE compatible with the subject? Explains each incompatibility (field, types, change).")
    static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Target target;

        @Override
        public Integer call() throws Exception {
            SchemaTool.Verdict verdict = target.tool().check(target.subject, target.schemaText());
            print(spec, verdict);
            return verdict.compatible() ? 0 : 1;
        }
    }

    @Command(name = "register", mixinStandardHelpOptions = true,
            description = "Register FILE under the subject if compatible; prints the schema id.")
    static final class Register implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Target target;

        @Override
        public Integer call() throws Exception {
            SchemaTool tool = target.tool();
            String text = target.schemaText();
            SchemaTool.Verdict verdict = tool.check(target.subject, text);
            print(spec, verdict);
            int id = tool.register(target.subject, text, verdict);
            spec.commandLine().getOut().println("registered under " + target.subject + ": id " + id);
            return 0;
        }
    }

    private static void print(CommandSpec spec, SchemaTool.Verdict verdict) {
        spec.commandLine().getOut().print(verdict.text());
        spec.commandLine().getOut().flush();
    }
}
