package io.chute.topology;

import io.chute.block.CatchUp;

/**
 * What one source partition of a task holds and has still to bring: the footprint of its lanes' open blocks, the
 * rows of its fullest lane (about the records those blocks took), its lanes (tables), and the records between the
 * last one the task took and the partition's end ({@link #UNKNOWN} before the end was seen).
 */
public record SourceLoad(long openBytes, int openRecords, int lanes, long behind) {
    public static final long UNKNOWN = -1;

    /**
     * Bytes its lanes will still take if every remaining record comes now: the records behind times the bytes per
     * record ({@code perRecord} when its blocks hold none yet), at most what fills every lane's block; 0 when unknown
     * or caught up: the one offset a caught-up partition may have left is its transaction marker, and counting it
     * let caught-up partitions take the gate's always-through places.
     */
    long growth(long blockMaxBytes, double perRecord) {
        if (behind <= CatchUp.CAUGHT_UP_RECORDS) {
            return 0;
        }
        double bytesPerRecord = openRecords > 0 ? (double) openBytes / openRecords : perRecord;
        long toFull = Math.max(0, (long) lanes * blockMaxBytes - openBytes);
        return (long) Math.min(toFull, Math.ceil(behind * bytesPerRecord));
    }
}
