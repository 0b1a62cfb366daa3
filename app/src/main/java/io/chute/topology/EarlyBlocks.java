package io.chute.topology;

/**
 * What one memory-pressure submission sent early: the blocks' footprint in bytes and how many blocks (a task's
 * largest open block and the sibling lanes that go with it, {@link TaskSinks#submitLargest}).
 */
public record EarlyBlocks(long bytes, int blocks) {

    public static final EarlyBlocks NONE = new EarlyBlocks(0, 0);

    EarlyBlocks plus(long moreBytes) {
        return new EarlyBlocks(bytes + moreBytes, blocks + 1);
    }
}
