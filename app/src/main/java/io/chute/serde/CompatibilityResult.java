package io.chute.serde;

import java.util.List;

/**
 * Answer of a compatibility check. {@code messages} explains an incompatibility when the registry supports
 * {@code verbose=true}; it is empty otherwise.
 */
public record CompatibilityResult(boolean compatible, List<String> messages) {
    public CompatibilityResult {
        messages = List.copyOf(messages);
    }
}
