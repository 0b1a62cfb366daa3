package io.chute.block;

import java.util.Objects;

/**
 * Identity of one insert block: the rows of one table cut from one Kafka partition, covering the offsets
 * {@code [firstOffset, lastOffset]}. The identity, and therefore the ClickHouse deduplication token, depends only
 * on these fields, so re-forming the same rows after a crash yields the same token and ClickHouse drops the copy.
 *
 * @param namespace deployment namespace; keeps two deployments writing one table from deduplicating each other
 */
public record BlockId(String namespace, String table, String topic, int partition, long firstOffset,
                      long lastOffset) {

    /** Version prefix of the token format: bump it only together with a migration story. */
    public static final String TOKEN_PREFIX = "chute1";

    public BlockId {
        requireNoSeparator(namespace, "namespace");
        requireNoSeparator(table, "table");
        requireNoSeparator(topic, "topic");
        if (partition < 0 || firstOffset < 0 || lastOffset < firstOffset) {
            throw new IllegalArgumentException("bad block range " + partition + ":" + firstOffset + "-" + lastOffset);
        }
    }

    // ':' and '/' delimit token parts and sub-token paths; allowing them would make two identities share a token.
    private static void requireNoSeparator(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty() || value.indexOf(':') >= 0 || value.indexOf('/') >= 0) {
            throw new IllegalArgumentException(what + " must be non-empty without ':' or '/': " + value);
        }
    }

    /** {@code chute1:<namespace>:<table>:<topic>:<partition>:<first>-<last>}; stable across runs and versions. */
    public String token() {
        return TOKEN_PREFIX + ':' + namespace + ':' + table + ':' + topic + ':' + partition + ':'
                + firstOffset + '-' + lastOffset;
    }
}
