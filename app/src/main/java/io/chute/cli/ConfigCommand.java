package io.chute.cli;

import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import io.chute.config.ChuteConfig;
import io.chute.config.ConfigDocs;
import io.chute.config.ConfigSources;

/** {@code chute config [--describe] | --check [-c FILE]}: the keys, or a configuration checked without starting. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = {"List every configuration key (--describe, the default), or check a configuration (--check): "
            + "the file with the CHUTE_* / -Dchute.* overrides, validated without connecting to anything.",
            "--check prints the effective configuration (secrets [hidden]) and exits 0, or lists every problem "
                + "and exits 2."})
final class ConfigCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--describe", description = "Every key with type, default, valid values and doc, grouped.")
    boolean describe;

    @Option(names = "--check", description = "Validate the configuration and print it as it would run.")
    boolean check;

    @Mixin
    ConfigFile.Optional config;

    @Override
    public Integer call() {
        if (describe && check) {
            throw new ParameterException(spec.commandLine(), "--describe and --check exclude each other");
        }
        if (!check) {
            spec.commandLine().getOut().print(ConfigDocs.describe());
            spec.commandLine().getOut().flush();
            return 0;
        }
        ConfigSources sources = ConfigSources.read(config.file, System.getenv(), System.getProperties());
        ChuteConfig effective = sources.toConfig();
        sources.warnings().forEach(w -> LOG.warn("{}", w));
        String overridden = sources.values().keySet().stream().sorted()
                .filter(k -> sources.origin(k) != null && !sources.origin(k).equals(fileName()))
                .map(k -> k + " <- " + sources.origin(k)).collect(Collectors.joining(", "));
        spec.commandLine().getOut().print("# effective configuration" + (config.file == null ? "" : " of "
                + config.file) + (overridden.isEmpty() ? "" : "; overridden: " + overridden) + "\n"
                + effective.describe());
        spec.commandLine().getOut().flush();
        return 0;
    }

    private String fileName() {
        return config.file == null ? null : config.file.getFileName().toString();
    }
}
