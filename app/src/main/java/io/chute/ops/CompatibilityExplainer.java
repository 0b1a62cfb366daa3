package io.chute.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;

/**
 * Explains, in diff style, why a candidate schema breaks a subject's compatibility level against one earlier
 * version: one line per Avro incompatibility, naming the field path, the types on both sides and what changed.
 * Needed because some registries (Apicurio's Confluent API) answer only {@code is_compatible}.
 *
 * <p>BACKWARD: the candidate must read data of the earlier version; FORWARD: the earlier version must read the
 * candidate's data; FULL: both. {@code *_TRANSITIVE} levels are explained per version by the caller.
 */
public final class CompatibilityExplainer {

    private CompatibilityExplainer() {
    }

    /**
     * @param level      the registry's compatibility level (e.g. {@code BACKWARD}, {@code FULL_TRANSITIVE})
     * @param candidate  the new schema
     * @param previous   an already registered version
     * @param label      how to call {@code previous} in messages, e.g. {@code "v3 (id 12)"}
     * @return lines starting with {@code +} (added), {@code -} (removed) or {@code ~} (changed); empty if compatible
     */
    public static List<String> explain(String level, Schema candidate, Schema previous, String label) {
        String l = level == null ? "BACKWARD" : level.toUpperCase(Locale.ROOT);
        List<String> lines = new ArrayList<>();
        if (l.startsWith("BACKWARD") || l.startsWith("FULL")) {
            check(candidate, previous, true, label, lines);
        }
        if (l.startsWith("FORWARD") || l.startsWith("FULL")) {
            check(previous, candidate, false, label, lines);
        }
        return lines;
    }

    private static void check(Schema reader, Schema writer, boolean readerIsNew, String label, List<String> out) {
        for (Incompatibility i : SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult()
                .getIncompatibilities()) {
            out.add(describe(i, reader, readerIsNew, label));
        }
    }

    private static String describe(Incompatibility i, Schema reader, boolean readerIsNew, String label) {
        String where = fieldPath(reader, i.getLocation());
        String readerName = readerIsNew ? "the new schema" : label;
        String writerName = readerIsNew ? label : "the new schema";
        String code = " [" + i.getType() + " at " + i.getLocation() + "]";
        return switch (i.getType()) {
            case READER_FIELD_MISSING_DEFAULT_VALUE -> {
                String field = where.isEmpty() ? i.getMessage() : where; // the location ends at the field
                String type = typeName(fieldSchema(i.getReaderFragment(), i.getMessage()));
                yield readerIsNew
                        ? "+ field '" + field + "' (" + type + ") added without a default: records written with "
                                + label + " have no value for it" + code
                        : "- field '" + field + "' (" + type + ") removed, but " + label + " has no default for it: "
                                + "its readers cannot read records of the new schema" + code;
            }
            case TYPE_MISMATCH -> "~ field '" + where + "': type changed from " + typeName(i.getWriterFragment())
                    + " in " + writerName + " to " + typeName(i.getReaderFragment()) + " in " + readerName
                    + ", which cannot read it" + code;
            case MISSING_ENUM_SYMBOLS -> "~ field '" + where + "': enum symbols " + i.getMessage() + " of "
                    + writerName + " are missing in " + readerName + code;
            case MISSING_UNION_BRANCH -> "~ field '" + where + "': " + writerName + " may write "
                    + i.getMessage().replaceFirst("^reader union lacking writer type: ", "") + ", which the union of "
                    + readerName + " lacks" + code;
            case NAME_MISMATCH -> "~ field '" + where + "': named type " + i.getWriterFragment().getFullName() + " in "
                    + writerName + " renamed to " + i.getReaderFragment().getFullName() + " in " + readerName + code;
            case FIXED_SIZE_MISMATCH -> "~ field '" + where + "': fixed size " + i.getWriterFragment().getFixedSize()
                    + " in " + writerName + " vs " + i.getReaderFragment().getFixedSize() + " in " + readerName + code;
        };
    }

    private static Schema fieldSchema(Schema record, String field) {
        if (record == null || record.getType() != Schema.Type.RECORD || record.getField(field) == null) {
            return null;
        }
        return record.getField(field).schema();
    }

    /** Dotted field names along an Avro JSON-pointer location ({@code /fields/3/type/items/fields/0/type}). */
    static String fieldPath(Schema root, String location) {
        List<String> names = new ArrayList<>();
        Schema current = root;
        String[] parts = location == null ? new String[0] : location.split("/");
        for (int k = 0; k < parts.length && current != null; k++) {
            String part = parts[k];
            if (part.equals("fields") && k + 1 < parts.length && current.getType() == Schema.Type.RECORD) {
                Schema.Field f = current.getFields().get(Integer.parseInt(parts[++k]));
                names.add(f.name());
                current = f.schema();
            } else if (part.equals("items") && current.getType() == Schema.Type.ARRAY) {
                current = current.getElementType();
                names.add("[]");
            } else if (part.equals("values") && current.getType() == Schema.Type.MAP) {
                current = current.getValueType();
                names.add("{}");
            } else if (part.matches("\\d+") && current.getType() == Schema.Type.UNION) {
                current = current.getTypes().get(Integer.parseInt(part));
            }
        }
        return String.join(".", names).replace(".[]", "[]").replace(".{}", "{}");
    }

    private static String typeName(Schema s) {
        if (s == null) {
            return "?";
        }
        if (s.getLogicalType() != null) {
            return s.getType().getName() + "/" + s.getLogicalType().getName();
        }
        return switch (s.getType()) {
            case RECORD, ENUM, FIXED -> s.getType().getName() + " " + s.getFullName();
            case ARRAY -> "array<" + typeName(s.getElementType()) + ">";
            case MAP -> "map<" + typeName(s.getValueType()) + ">";
            case UNION -> s.getTypes().stream().map(CompatibilityExplainer::typeName).toList().toString();
            default -> s.getType().getName();
        };
    }
}
