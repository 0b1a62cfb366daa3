package io.chute.block;

import java.nio.charset.StandardCharsets;

/** Builds small blocks whose row bytes are "r<offset>;" so tests can see which rows a block holds. */
public final class TestBlocks {

    private TestBlocks() {
    }

    public static Block block(String table, String topic, int partition, long... offsets) {
        BlockBuilder b = new BlockBuilder("ns", table, topic, partition, BlockLimits.defaults(), () -> 0L);
        for (long offset : offsets) {
            byte[] row = row(offset);
            b.append(offset, row, 0, row.length);
        }
        return b.build();
    }

    public static Block range(String table, String topic, int partition, long first, int rows) {
        long[] offsets = new long[rows];
        for (int i = 0; i < rows; i++) {
            offsets[i] = first + i;
        }
        return block(table, topic, partition, offsets);
    }

    public static byte[] row(long offset) {
        return ("r" + offset + ";").getBytes(StandardCharsets.UTF_8);
    }

    public static String content(Block block) {
        try (var in = block.newInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
