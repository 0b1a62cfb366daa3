package io.chute.block;

import java.util.List;
import java.util.Objects;

/**
 * The columns a row is encoded for, in order (the INSERT's column list), and the version of the table's encoders
 * that produced it. Immutable.
 *
 * <p>Two comparisons, for two questions:
 * <ul>
 *   <li>{@link #sameColumns}: may rows of both share one block? Same names in the same order. A block holds rows
 *   of one column list, so a lane cuts its block when the next row's layout is not {@code sameColumns}.</li>
 *   <li>{@link #equals}: is this still the encoders' current layout? Same version and names. A task's encoders
 *   create one instance per table version, so the usual check is one reference comparison; a cached fast-path
 *   plan whose layout is not {@code equals} the table's current one is dropped.</li>
 * </ul>
 */
public final class ColumnLayout {
    /** No column list: the table's insertable columns in table order at insert time. */
    public static final ColumnLayout NONE = new ColumnLayout(-1, List.of());

    private final long version;
    private final List<String> names;

    private ColumnLayout(long version, List<String> names) {
        this.version = version;
        this.names = List.copyOf(names);
    }

    /** @param version the table version the encoders were compiled for ({@code TableSchemas.Version}) */
    public static ColumnLayout of(long version, List<String> names) {
        return new ColumnLayout(version, names);
    }

    /** A layout not tied to a table version (tests, re-formed blocks). */
    public static ColumnLayout of(List<String> names) {
        return new ColumnLayout(-1, names);
    }

    public long version() {
        return version;
    }

    public List<String> names() {
        return names;
    }

    /** True when rows encoded for either layout have the same columns in the same order. */
    public boolean sameColumns(ColumnLayout other) {
        return this == other || names.equals(other.names);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof ColumnLayout other && version == other.version && names.equals(other.names);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, names);
    }

    @Override
    public String toString() {
        return names + "@v" + version;
    }
}
