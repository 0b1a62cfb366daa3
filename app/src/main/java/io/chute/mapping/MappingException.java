package io.chute.mapping;

import java.util.List;

/**
 * A value of one record cannot be encoded into its column (out of range, too long, unknown enum name, null for a
 * column without default...). A DATA error: the record is rejected with reason {@code mapping_failed}. Created
 * without a stack trace: floods of bad records must stay cheap.
 */
public final class MappingException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String column;

    public MappingException(String column, String message) {
        this(column, "column '" + column + "': " + message, false);
    }

    private MappingException(String column, String fullMessage, boolean unused) {
        super(fullMessage, null, false, false);
        this.column = column;
    }

    /** Several columns of one row failed: {@link #column()} lists them comma-separated, the message each reason. */
    static MappingException of(List<MappingException> failures) {
        if (failures.size() == 1) {
            return failures.get(0);
        }
        return new MappingException(String.join(",", failures.stream().map(MappingException::column).toList()),
                String.join("; ", failures.stream().map(MappingException::getMessage).toList()), false);
    }

    /** The column the value was meant for (comma-separated when several columns of the row failed). */
    public String column() {
        return column;
    }
}
