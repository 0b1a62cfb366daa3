package io.chute.sink;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.clickhouse.client.api.ServerException;

import io.chute.block.Block;
import io.chute.block.BlockGroup;
import io.chute.block.TestBlocks;

/**
 * A ClickHouse stand-in: rejects any block containing a "bad" offset with CANNOT_PARSE_TEXT, fails with queued
 * exceptions first, and deduplicates by token like the server does.
 */
public final class FakeWriter implements BlockWriter {

    public final Set<Long> badOffsets = new HashSet<>();
    public final Deque<Exception> failures = new ArrayDeque<>();
    public final List<String> attemptedTokens = Collections.synchronizedList(new ArrayList<>());
    public final List<String> landedTokens = Collections.synchronizedList(new ArrayList<>());
    public final List<Long> landedOffsets = Collections.synchronizedList(new ArrayList<>());
    public final List<String> queryIds = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> seenTokens = new HashSet<>();

    public static ServerException error(int code) {
        return new ServerException(code, "Code: " + code + ". DB::Exception: injected", 500, "q");
    }

    @Override
    public synchronized long insert(Block block, String queryId) throws Exception {
        long rows = land(block.token(), List.of(block), queryId);
        TestBlocks.content(block); // the stream must be readable on every attempt
        return rows;
    }

    /** A group is one statement: refused whole when any member holds a bad offset, deduplicated by its token. */
    @Override
    public synchronized long insert(BlockGroup group, String queryId) throws Exception {
        long rows = land(group.token(), group.members().stream().flatMap(m -> m.parts().stream()).toList(), queryId);
        try (var in = group.newInputStream()) {
            in.readAllBytes(); // the stream must be readable on every attempt
        }
        return rows;
    }

    private long land(String token, List<Block> blocks, String queryId) throws Exception {
        attemptedTokens.add(token);
        queryIds.add(queryId);
        Exception next = failures.poll();
        if (next != null) {
            throw next;
        }
        for (Block block : blocks) {
            for (int i = 0; i < block.rowCount(); i++) {
                if (badOffsets.contains(block.offsetAt(i))) {
                    throw error(6);
                }
            }
        }
        if (!seenTokens.add(token)) {
            return 0; // deduplicated
        }
        landedTokens.add(token);
        long rows = 0;
        for (Block block : blocks) {
            for (int i = 0; i < block.rowCount(); i++) {
                landedOffsets.add(block.offsetAt(i));
            }
            rows += block.rowCount();
        }
        return rows;
    }
}
