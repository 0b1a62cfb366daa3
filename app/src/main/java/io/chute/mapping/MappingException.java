package io.chute.mapping;

import io.chute.validation.RejectReason;
import io.chute.validation.Rejection;

/**
 * A value of one record cannot be encoded into its column (out of range, too long, unknown enum name, null for a
 * column without default...). A DATA error: the record is rejected with {@link RejectReason#MAPPING_FAILED}. Created
 * without a stack trace: floods of bad records must stay cheap.
 */
public final class MappingException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String column;

    public MappingException(String column, String message) {
        super("column '" + column + "': " + message, null, false, false);
        this.column = column;
    }

    /** The column (dotted into tuples where relevant) the value was meant for. */
    public String column() {
        return column;
    }

    /** This failure as a {@link Rejection}. */
    public Rejection toRejection(Integer schemaId) {
        return Rejection.of(RejectReason.MAPPING_FAILED, getMessage(), this, schemaId);
    }
}
