package io.chute.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import com.clickhouse.client.api.ClientException;
import com.clickhouse.client.api.ConnectionInitiationException;
import com.clickhouse.client.api.ServerException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryClassifierTest {

    private static ServerException server(int code) {
        return new ServerException(code, "Code: " + code + ". DB::Exception: boom", 500, "q-1");
    }

    @ParameterizedTest(name = "code {0} -> {1}")
    @CsvSource({
        "3, RETRYABLE", "159, RETRYABLE", "164, RETRYABLE", "202, RETRYABLE", "203, RETRYABLE", "209, RETRYABLE",
        "210, RETRYABLE", "241, RETRYABLE", "242, RETRYABLE", "252, RETRYABLE", "285, RETRYABLE",
        "319, RETRYABLE", "425, RETRYABLE", "999, RETRYABLE", "1000, RETRYABLE",
        "6, DATA_ERROR", "26, DATA_ERROR", "27, DATA_ERROR", "32, DATA_ERROR", "33, DATA_ERROR", "38, DATA_ERROR",
        "41, DATA_ERROR", "53, DATA_ERROR", "69, DATA_ERROR", "70, DATA_ERROR", "72, DATA_ERROR",
        "117, DATA_ERROR", "131, DATA_ERROR", "190, DATA_ERROR", "349, DATA_ERROR", "395, DATA_ERROR",
        "60, CONFIG_ERROR", "81, CONFIG_ERROR", "16, CONFIG_ERROR", "47, CONFIG_ERROR", "516, CONFIG_ERROR",
        "497, CONFIG_ERROR", "62, CONFIG_ERROR", "115, CONFIG_ERROR",
        "0, RETRYABLE", "49, RETRYABLE", "2999, RETRYABLE"
    })
    void shouldClassifyServerErrorWhenCodeIsKnown(int code, ErrorClass expected) {
        Classification c = RetryClassifier.classify(server(code));
        assertEquals(expected, c.errorClass());
        assertEquals(code, c.code());
    }

    @Test
    void shouldRetryWhenFailureIsTransport() {
        for (Exception e : new Exception[] {
            new IOException("reset"), new SocketTimeoutException("read timed out"),
            new TimeoutException(), new ConnectException("Connection refused"),
            new ClientException("failed", new ConnectException("Connection refused")),
            new ConnectionInitiationException("no route"), new IllegalStateException("unexpected")}) {
            Classification c = RetryClassifier.classify(e);
            assertEquals(ErrorClass.RETRYABLE, c.errorClass(), e.toString());
            assertEquals(Classification.NO_CODE, c.code());
        }
    }

    @Test
    void shouldUseServerCodeWhenWrappedInCauses() {
        Exception wrapped = new ExecutionException(new CompletionException(
                new ClientException("insert failed", server(53))));
        assertEquals(ErrorClass.DATA_ERROR, RetryClassifier.classify(wrapped).errorClass());
        assertEquals(53, RetryClassifier.classify(wrapped).code());
        assertEquals(ErrorClass.CONFIG_ERROR,
                RetryClassifier.classify(new RuntimeException(new RuntimeException(server(60)))).errorClass());
    }

    @Test
    void shouldKeepSetsDisjointWhenCodesAreListed() {
        for (int code : RetryClassifier.DATA_CODES) {
            assertEquals(false, RetryClassifier.CONFIG_CODES.contains(code) || RetryClassifier.RETRYABLE_CODES.contains(code), "" + code);
        }
        for (int code : RetryClassifier.CONFIG_CODES) {
            assertEquals(false, RetryClassifier.RETRYABLE_CODES.contains(code), "" + code);
        }
    }

    @Test
    void shouldRetryWhenADataErrorComesFromADependentMaterializedView() {
        ServerException inView = new ServerException(395, "Code: 395. DB::Exception: toggle on: while executing "
                + "'FUNCTION throwIf(...)': while pushing to view db.mv_agg. (FUNCTION_THROW_IF_VALUE_IS_NON_ZERO)",
                500, "q-1");
        assertEquals(ErrorClass.RETRYABLE, RetryClassifier.classify(inView).errorClass());
        assertEquals(395, RetryClassifier.classify(inView).code());
        assertEquals(ErrorClass.DATA_ERROR, RetryClassifier.classify(server(395)).errorClass());
    }
}
