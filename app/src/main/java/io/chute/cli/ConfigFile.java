package io.chute.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

import io.chute.config.ChuteConfig;

/** {@code -c/--config FILE}, shared by every command that reads chute's configuration (a picocli mixin). */
class ConfigFile {
    static final String DESCRIPTION = "chute properties file; CHUTE_* environment variables and -Dchute.<key> "
            + "override it (keys: chute config --describe).";

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = DESCRIPTION)
    Path file;

    ChuteConfig load() {
        return ConfigLoader.fromProcess(file);
    }

    /** The same option for commands that need a configuration only for some of their work. */
    static class Optional {
        @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = DESCRIPTION)
        Path file;

        ChuteConfig load() {
            return ConfigLoader.fromProcess(file);
        }
    }
}
