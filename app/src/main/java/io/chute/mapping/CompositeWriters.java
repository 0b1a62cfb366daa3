package io.chute.mapping;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.apache.avro.generic.IndexedRecord;

/** Writers for Nullable, Array, Map and Tuple. */
final class CompositeWriters {
    private CompositeWriters() {
    }

    /** Nullable(T): 1 for NULL, else 0 then T. */
    static ValueWriter nullable(ValueWriter inner) {
        return (value, out) -> {
            if (value == null) {
                out.writeByte(1);
            } else {
                out.writeByte(0);
                inner.write(value, out);
            }
        };
    }

    /** An Avro union with null written to a non-Nullable type: null is a mapping error. */
    static ValueWriter rejectNull(ValueWriter inner, String what) {
        return (value, out) -> {
            if (value == null) {
                throw new ValueException("null is not allowed in " + what);
            }
            inner.write(value, out);
        };
    }

    /** An Avro union with null written to a type that cannot be Nullable: null is the type's empty value. */
    static ValueWriter emptyOnNull(ValueWriter inner, ValueWriter empty) {
        return (value, out) -> {
            if (value == null) {
                empty.write(null, out);
            } else {
                inner.write(value, out);
            }
        };
    }

    /** Array(T): varint count then the elements. */
    static ValueWriter array(ValueWriter element) {
        return (value, out) -> {
            if (value instanceof List<?> list) {
                int n = list.size();
                out.writeVarint(n);
                for (int i = 0; i < n; i++) {
                    element.write(list.get(i), out);
                }
            } else {
                Collection<?> c = (Collection<?>) value;
                out.writeVarint(c.size());
                for (Object o : c) {
                    element.write(o, out);
                }
            }
        };
    }

    /** Map(K, V): varint count then key, value pairs. */
    static ValueWriter map(ValueWriter key, ValueWriter val) {
        return (value, out) -> {
            Map<?, ?> m = (Map<?, ?>) value;
            out.writeVarint(m.size());
            for (Map.Entry<?, ?> e : m.entrySet()) {
                key.write(e.getKey(), out);
                val.write(e.getValue(), out);
            }
        };
    }

    /** Tuple: element i is the record field at {@code positions[i]}. */
    static ValueWriter tuple(int[] positions, ValueWriter[] elements) {
        return (value, out) -> {
            IndexedRecord r = (IndexedRecord) value;
            for (int i = 0; i < positions.length; i++) {
                elements[i].write(r.get(positions[i]), out);
            }
        };
    }
}
