package io.chute.sink;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

import com.clickhouse.client.api.ServerException;

/**
 * The one place that decides what an insert failure means, by ClickHouse error code (codes verified against
 * ClickHouse's {@code src/Common/ErrorCodes.cpp}).
 *
 * <p>The cause chain is walked and the first {@link ServerException} found decides by its code. Without one, the
 * failure is a transport problem (I/O, timeout, connection refused, client-v2's ClientException wrapping them)
 * and is {@link ErrorClass#RETRYABLE}.
 *
 * <p><b>Unknown codes are RETRYABLE.</b> Retrying never loses or duplicates data (same bytes, same token), and
 * every retry is logged with its code, so an unexpected code shows up as a visibly stuck partition that an
 * operator can act on. Classifying an unknown code as a data error could dead-letter healthy rows of a whole
 * block (e.g. a server-side problem that fails every insert), and classifying it as a config error would stop
 * the application on a transient glitch. Only codes that are certainly about the rows themselves bisect; only
 * codes that are certainly about the deployment are fatal. A data error raised in a dependent materialized view
 * ({@value #IN_VIEW}) is retryable too (issue 11): the target may hold the block already.
 */
public final class RetryClassifier {

    /** Transient server states; listed for documentation, the default for unknown codes is the same. */
    static final Set<Integer> RETRYABLE_CODES = Set.of(
            3, // UNEXPECTED_END_OF_FILE (connection cut mid-request)
            23, 24, 95, 96, // CANNOT_READ_FROM_ISTREAM, CANNOT_WRITE_TO_OSTREAM, CANNOT_READ/WRITE_TO_SOCKET
            159, 160, // TIMEOUT_EXCEEDED, TOO_SLOW
            164, // READONLY (e.g. a replica in read-only mode, or a profile being fixed)
            173, // CANNOT_ALLOCATE_MEMORY
            201, 202, 203, // QUOTA_EXPIRED, TOO_MANY_SIMULTANEOUS_QUERIES, NO_FREE_CONNECTION
            209, 210, // SOCKET_TIMEOUT, NETWORK_ERROR
            216, // QUERY_WITH_SAME_ID_IS_ALREADY_RUNNING (a previous attempt still running)
            225, 244, 999, // NO_ZOOKEEPER, UNEXPECTED_ZOOKEEPER_ERROR, KEEPER_EXCEPTION
            236, // ABORTED
            241, 242, 243, // MEMORY_LIMIT_EXCEEDED, TABLE_IS_READ_ONLY, NOT_ENOUGH_SPACE
            252, // TOO_MANY_PARTS (also grows blocks, see BlockInserter)
            254, 285, 286, 289, 415, // NO_ACTIVE_REPLICAS, TOO_FEW_LIVE_REPLICAS, quorum states, ALL_REPLICAS_LOST
            319, // UNKNOWN_STATUS_OF_INSERT
            364, // RECEIVED_ERROR_TOO_MANY_REQUESTS
            373, // SESSION_IS_LOCKED
            394, // QUERY_WAS_CANCELLED (server shutting down)
            425, // SYSTEM_ERROR
            439, // CANNOT_SCHEDULE_TASK
            473, // DEADLOCK_AVOIDED
            1000 // POCO_EXCEPTION (network layer on the server)
    );

    /** The rows are bad: some value cannot be parsed, converted or accepted. Bisection isolates them. */
    static final Set<Integer> DATA_CODES = Set.of(
            6, // CANNOT_PARSE_TEXT
            19, // SIZE_OF_FIXED_STRING_DOESNT_MATCH
            25, 26, 27, // CANNOT_PARSE_ESCAPE_SEQUENCE, CANNOT_PARSE_QUOTED_STRING, CANNOT_PARSE_INPUT_ASSERTION_FAILED
            32, 33, // ATTEMPT_TO_READ_AFTER_EOF, CANNOT_READ_ALL_DATA (a truncated/garbled row)
            38, 41, // CANNOT_PARSE_DATE, CANNOT_PARSE_DATETIME
            53, 69, 70, 72, // TYPE_MISMATCH, ARGUMENT_OUT_OF_BOUND, CANNOT_CONVERT_TYPE, CANNOT_PARSE_NUMBER
            117, // INCORRECT_DATA
            128, 131, 190, // TOO_LARGE_ARRAY_SIZE, TOO_LARGE_STRING_SIZE, SIZES_OF_ARRAYS_DOESNT_MATCH
            321, // VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE
            349, // CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN
            376, // CANNOT_PARSE_UUID
            395, // FUNCTION_THROW_IF_VALUE_IS_NON_ZERO (throwIf in a DEFAULT/MV expression: row-dependent)
            407, // DECIMAL_OVERFLOW
            441, // CANNOT_PARSE_DOMAIN_VALUE_FROM_STRING
            467, // CANNOT_PARSE_BOOL
            469, // VIOLATED_CONSTRAINT (table CONSTRAINT ... CHECK)
            675 // CANNOT_PARSE_IPV4
    );

    /** The deployment is wrong: missing table/column, bad credentials or grants, unsupported settings. */
    static final Set<Integer> CONFIG_CODES = Set.of(
            7, 8, 10, 16, 20, // column-count / missing-column mismatches between rows and table
            47, // UNKNOWN_IDENTIFIER
            50, // UNKNOWN_TYPE
            60, 81, // UNKNOWN_TABLE, UNKNOWN_DATABASE
            62, // SYNTAX_ERROR
            73, // UNKNOWN_FORMAT
            115, // UNKNOWN_SETTING (server too old for insert_deduplication_token)
            192, 193, 194, 195, // UNKNOWN_USER, WRONG_PASSWORD, REQUIRED_PASSWORD, IP_ADDRESS_NOT_ALLOWED
            218, // TABLE_IS_DROPPED
            291, // DATABASE_ACCESS_DENIED
            452, 471, 472, // SETTING_CONSTRAINT_VIOLATION, INVALID_SETTING_VALUE, READONLY_SETTING
            497, // ACCESS_DENIED
            516 // AUTHENTICATION_FAILED
    );

    /** How ClickHouse marks an error raised in a dependent materialized view (its SELECT or its target). */
    static final String IN_VIEW = "while pushing to view";

    private RetryClassifier() {
    }

    /** Classifies a failure; never throws. */
    public static Classification classify(Throwable failure) {
        ServerException server = findServerException(failure);
        if (server == null) {
            return new Classification(ErrorClass.RETRYABLE, Classification.NO_CODE, describe(failure));
        }
        int code = server.getCode();
        String message = String.valueOf(server.getMessage());
        ErrorClass errorClass = classOf(code);
        if (errorClass == ErrorClass.DATA_ERROR && message.contains(IN_VIEW)) {
            // A materialized view failed after the target may have stored the block: bisecting would re-send its
            // rows under new tokens (duplicates in the target). Retrying the same block is exact once the view is
            // fixed: the target and views that got it drop it, the failed view gets it.
            errorClass = ErrorClass.RETRYABLE;
        }
        return new Classification(errorClass, code, message);
    }

    /** The class of a ClickHouse error code; unknown codes are RETRYABLE (see class doc). */
    public static ErrorClass classOf(int code) {
        if (DATA_CODES.contains(code)) {
            return ErrorClass.DATA_ERROR;
        }
        if (CONFIG_CODES.contains(code)) {
            return ErrorClass.CONFIG_ERROR;
        }
        return ErrorClass.RETRYABLE;
    }

    private static ServerException findServerException(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof ServerException server) {
                return server;
            }
        }
        return null;
    }

    private static String describe(Throwable failure) {
        Throwable root = failure;
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        while (root.getCause() != null && seen.put(root, Boolean.TRUE) == null) {
            root = root.getCause();
        }
        String top = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        return root == failure ? top : top + " (cause " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
}
