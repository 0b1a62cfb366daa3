package io.chute.config;

import java.util.List;

import org.apache.kafka.common.config.ConfigException;

/** Every problem of a configuration at once (missing keys, bad values, likely typos), one line each. */
public final class InvalidConfigException extends ConfigException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public InvalidConfigException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }

    /** What the CLI prints: a header with the count, then one indented line per problem. */
    public String report() {
        StringBuilder out = new StringBuilder("invalid configuration (" + problems.size()
                + (problems.size() == 1 ? " problem" : " problems") + "):\n");
        problems.forEach(p -> out.append("  ").append(p).append('\n'));
        return out.append("every key, its type, default and valid values: chute config --describe").toString();
    }
}
