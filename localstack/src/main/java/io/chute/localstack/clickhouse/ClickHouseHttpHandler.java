package io.chute.localstack.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * ClickHouse's HTTP interface over a {@link ChdbEngine}: {@code /ping}, and queries on {@code /} with the statement in
 * the {@code query} URL parameter and/or the body. INSERT data is streamed from the body into chDB's stream-insert API
 * in 1 MiB chunks; it is never buffered whole nor pasted into SQL. Each request runs on its own chDB connection.
 */
final class ClickHouseHttpHandler implements HttpHandler {
    /** Largest statement text (the part before INSERT data) the front reads. */
    static final int MAX_QUERY_BYTES = 64 << 20;
    private static final int CHUNK = 1 << 20;

    private final ChdbEngine engine;
    private final String user;
    private final String password;
    private final String displayName;

    ClickHouseHttpHandler(ChdbEngine engine, String user, String password) {
        this.engine = engine;
        this.user = user;
        this.password = password;
        this.displayName = "chute-local-clickhouse";
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getPath();
            boolean plainGet = "GET".equals(ex.getRequestMethod()) || "HEAD".equals(ex.getRequestMethod());
            if ("/ping".equals(path) || "/".equals(path) && plainGet && ex.getRequestURI().getRawQuery() == null) {
                sendText(ex, 200, "Ok.\n");
            } else if (!"/".equals(path)) {
                sendText(ex, 404, "There is no handle " + path + "\n");
            } else {
                serve(ex, HttpQueryRequest.parse(ex.getRequestURI().getRawQuery(),
                        ex.getRequestHeaders()::getFirst));
            }
        } catch (RuntimeException | IOException e) {
            System.err.println("request failed: " + e);
            e.printStackTrace();
        } finally {
            ex.close();
        }
    }

    private void serve(HttpExchange ex, HttpQueryRequest req) throws IOException {
        long started = System.nanoTime();
        Headers h = ex.getResponseHeaders();
        String queryId = req.queryId() == null || req.queryId().isEmpty() ? UUID.randomUUID().toString()
                : req.queryId();
        h.set("X-ClickHouse-Query-Id", queryId);
        h.set("X-ClickHouse-Server-Display-Name", displayName);
        h.set("X-ClickHouse-Timezone", engine.timezone());
        h.set("Keep-Alive", "timeout=10");
        InputStream in = ex.getRequestBody();
        try {
            authenticate(req);
            in = HttpFraming.requestBody(in, ex.getRequestHeaders().getFirst("Content-Encoding"), req.decompress());
            RequestText text = RequestText.read(req.urlQuery(), in, engine);
            try (ChdbSession session = engine.openSession()) {
                session.applySettings(req.settings());
                if (req.database() != null) {
                    session.use(req.database());
                }
                if (text.split().kind() == QuerySplitter.Kind.INSERT_DATA) {
                    insert(ex, req, session, text, in, started);
                } else {
                    query(ex, req, session, text, started);
                }
            }
        } catch (ClickHouseError e) {
            drain(in);
            sendError(ex, req, e);
        } catch (HttpFraming.UnsupportedEncodingException e) {
            drain(ex.getRequestBody());
            sendError(ex, req, engine.error(1002, "UNKNOWN_EXCEPTION", e.getMessage()));
        }
    }

    private void insert(HttpExchange ex, HttpQueryRequest req, ChdbSession session, RequestText text, InputStream in,
            long started) throws IOException {
        QuerySplitter.Split split = text.split();
        int queryEnd = split.queryEnd();
        try (InsertStream stream = session.insert(text.bytes(), queryEnd, split.format(), req.parameters())) {
            stream.append(text.bytes(), split.dataStart(), text.length() - split.dataStart());
            byte[] chunk = new byte[CHUNK];
            for (int n = in.readNBytes(chunk, 0, CHUNK); n > 0; n = in.readNBytes(chunk, 0, CHUNK)) {
                stream.append(chunk, 0, n);
            }
            try (NativeResult result = stream.done()) {
                ex.getResponseHeaders().set("X-ClickHouse-Summary", result.summary(System.nanoTime() - started));
                ex.getResponseHeaders().set("X-ClickHouse-Format", req.format());
                sendBody(ex, req, 200, null);
            }
        }
    }

    private void query(HttpExchange ex, HttpQueryRequest req, ChdbSession session, RequestText text, long started)
            throws IOException {
        if (text.isBlank()) {
            throw engine.error(ClickHouseError.SYNTAX_ERROR, "SYNTAX_ERROR", "Empty query");
        }
        if (session.statementCount(text.bytes(), text.length()) > 1) {
            throw engine.error(ClickHouseError.SYNTAX_ERROR, "SYNTAX_ERROR",
                    "Syntax error (Multi-statements are not allowed): failed at position 1");
        }
        try (NativeResult result = session.query(text.bytes(), text.length(), req.format(), req.parameters())) {
            String format = text.split().format() != null ? text.split().format() : req.format();
            Headers h = ex.getResponseHeaders();
            h.set("X-ClickHouse-Summary", result.summary(System.nanoTime() - started));
            h.set("X-ClickHouse-Format", format);
            h.set("Content-Type", contentType(format));
            sendBody(ex, req, 200, result);
        }
    }

    private void authenticate(HttpQueryRequest req) {
        if (!user.equals(req.user()) || !password.equals(req.password())) {
            throw engine.error(ClickHouseError.AUTHENTICATION_FAILED, "AUTHENTICATION_FAILED", req.user()
                    + ": Authentication failed: password is incorrect, or there is no user with such name");
        }
    }

    /** Sends status, headers and the result (if any), framed as the request asked. */
    private void sendBody(HttpExchange ex, HttpQueryRequest req, int status, NativeResult result) throws IOException {
        boolean gzip = HttpFraming.gzipResponse(req.httpCompression(),
                ex.getRequestHeaders().getFirst("Accept-Encoding"));
        long length = result == null ? 0 : result.length();
        if (gzip) {
            ex.getResponseHeaders().set("Content-Encoding", "gzip");
        }
        if (!gzip && !req.compress()) {
            ex.sendResponseHeaders(status, length == 0 ? -1 : length);
        } else {
            ex.sendResponseHeaders(status, 0);
        }
        if (length == 0 && !gzip) {
            return; // an empty compressed response is empty, as ClickHouse's is
        }
        try (OutputStream out = HttpFraming.responseBody(ex.getResponseBody(), gzip, req.compress())) {
            if (result != null) {
                result.writeTo(out);
            }
        }
    }

    private void sendError(HttpExchange ex, HttpQueryRequest req, ClickHouseError e) throws IOException {
        Headers h = ex.getResponseHeaders();
        h.remove("X-ClickHouse-Summary");
        h.set("X-ClickHouse-Exception-Code", Integer.toString(e.code()));
        h.set("Content-Type", "text/plain; charset=UTF-8");
        byte[] body = e.body().getBytes(StandardCharsets.UTF_8);
        int status = e.httpStatus();
        // ClickHouse answers authentication failures before it sets up compression; client-v2 expects that.
        boolean compress = req.compress() && status != 401 && status != 403;
        ex.sendResponseHeaders(status, compress ? 0 : body.length);
        try (OutputStream out = HttpFraming.responseBody(ex.getResponseBody(), false, compress)) {
            out.write(body);
        }
    }

    private static void sendText(HttpExchange ex, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/html; charset=UTF-8");
        ex.sendResponseHeaders(status, "HEAD".equals(ex.getRequestMethod()) ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static void drain(InputStream in) {
        try {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // the connection is closed after the response anyway
        }
    }

    static String contentType(String format) {
        String f = format.toLowerCase(java.util.Locale.ROOT);
        if (f.startsWith("tabseparated") || f.startsWith("tsv")) {
            return "text/tab-separated-values; charset=UTF-8";
        } else if (f.startsWith("csv")) {
            return "text/csv; charset=UTF-8; header=absent";
        } else if (f.startsWith("json")) {
            return "application/json; charset=UTF-8";
        } else if (f.startsWith("rowbinary") || f.equals("native") || f.equals("parquet") || f.startsWith("arrow")) {
            return "application/octet-stream";
        }
        return "text/plain; charset=UTF-8";
    }

    /** The statement text read so far (URL query, newline, start of body) and how it splits. */
    record RequestText(byte[] bytes, int length, QuerySplitter.Split split) {

        static RequestText read(String urlQuery, InputStream in, ChdbEngine engine) throws IOException {
            byte[] prefix = urlQuery == null || urlQuery.isEmpty() ? new byte[0]
                    : (urlQuery + "\n").getBytes(StandardCharsets.UTF_8);
            byte[] buf = Arrays.copyOf(prefix, Math.max(1 << 16, prefix.length * 2));
            int len = prefix.length;
            boolean eof = false;
            while (true) {
                QuerySplitter.Split split = QuerySplitter.split(buf, len, eof);
                if (split.kind() != QuerySplitter.Kind.NEED_MORE) {
                    return new RequestText(buf, len, split);
                }
                if (len == buf.length) {
                    if (buf.length >= MAX_QUERY_BYTES) {
                        throw engine.error(ClickHouseError.SYNTAX_ERROR, "SYNTAX_ERROR",
                                "Max query size exceeded");
                    }
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
                int n = in.read(buf, len, buf.length - len);
                if (n < 0) {
                    eof = true;
                } else {
                    len += n;
                }
            }
        }

        boolean isBlank() {
            for (int i = 0; i < length; i++) {
                if (!Character.isWhitespace(bytes[i]) && bytes[i] != ';') {
                    return false;
                }
            }
            return true;
        }
    }
}
