package io.chute.mapping;

/** What a null of an optional Avro field ({@code ["null", T]}) becomes in a column of the pair's ClickHouse type. */
public enum NullRule {
    /**
     * Generated DDL wraps the type in {@code Nullable}; a null into a Nullable column is NULL. Into a non-Nullable
     * column it takes the column's DEFAULT expression, and without one the record fails ({@code mapping_failed}):
     * a silent 0 or '' would be a wrong value.
     */
    NULLABLE,
    /**
     * ClickHouse cannot wrap the type in Nullable (Array, Map, Tuple), so a null is the type's empty value: {@code []},
     * {@code {}}, or a tuple of its elements' defaults. A top-level column gets RowBinaryWithDefaults' default marker
     * (its DEFAULT expression if it has one, else the empty value); a nested one gets the empty value written out.
     */
    EMPTY
}
