package io.chute.localstack.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.InflaterInputStream;

import com.clickhouse.data.stream.Lz4OutputStream;

/**
 * The byte framings of ClickHouse's HTTP interface: its native compressed blocks ({@code compress=1} for responses,
 * {@code decompress=1} for request bodies; 16-byte CityHash128 checksum, method 0x82, sizes, LZ4 block), implemented
 * by clickhouse-data's LZ4 streams, and HTTP content encoding (gzip/deflate).
 */
final class HttpFraming {
    /** ClickHouse's default compressed block size (max_compress_block_size). */
    static final int BLOCK_SIZE = 1 << 20;

    private HttpFraming() {
    }

    /** The request body as plain data: HTTP content encoding undone first, then ClickHouse block framing. */
    static InputStream requestBody(InputStream raw, String contentEncoding, boolean decompress) throws IOException {
        InputStream in = raw;
        if (contentEncoding != null) {
            switch (contentEncoding.trim().toLowerCase(Locale.ROOT)) {
                case "gzip", "x-gzip" -> in = new GZIPInputStream(in, 1 << 16);
                case "deflate" -> in = new InflaterInputStream(in);
                case "", "identity" -> { }
                default -> throw new UnsupportedEncodingException(contentEncoding);
            }
        }
        return decompress ? new CompressedBlockReader(in) : in;
    }

    /** Whether the response should be gzip-encoded: the client enabled HTTP compression and accepts gzip. */
    static boolean gzipResponse(boolean httpCompression, String acceptEncoding) {
        return httpCompression && acceptEncoding != null
                && acceptEncoding.toLowerCase(Locale.ROOT).contains("gzip");
    }

    /** Wraps the raw response stream: gzip outside, ClickHouse blocks inside (as ClickHouse layers them). */
    static OutputStream responseBody(OutputStream raw, boolean gzip, boolean compress) throws IOException {
        OutputStream out = gzip ? new GZIPOutputStream(raw, 1 << 16) : raw;
        return compress ? new Lz4OutputStream(out, BLOCK_SIZE, null) : out;
    }

    /** A Content-Encoding the front does not decode. */
    static final class UnsupportedEncodingException extends IOException {
        UnsupportedEncodingException(String encoding) {
            super("unsupported Content-Encoding: " + encoding);
        }
    }
}
