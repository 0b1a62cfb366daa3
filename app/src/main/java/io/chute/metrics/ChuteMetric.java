package io.chute.metrics;

/** Every metric chute publishes, with its doc line. Names follow Micrometer dot notation. */
public enum ChuteMetric {
    RECORDS_IN("chute.records.in", "Source records read by the ingest processor."),
    RECORDS_VALID("chute.records.valid", "Records that passed validation and routing (once per record)."),
    RECORDS_DIRECT("chute.records.direct", "Valid records encoded on the fast path, straight from their Avro bytes "
            + "(a subset of chute.records.valid)."),
    RECORDS_DEAD_LETTERED("chute.records.dead.lettered", "Records sent to the dead-letter topic, tag reason. "
            + "in = valid + dead.lettered{reason!=insert_rejected}: insert_rejected rows (refused by ClickHouse) were "
            + "valid at ingest."),
    ROWS_SKIPPED_LANDED("chute.rows.skipped.landed",
            "Rows skipped because the ledger says they already landed (replays, restarts), tag table."),
    ROWS_INSERTED("chute.rows.inserted", "Rows landed in ClickHouse, tag table."),
    BYTES_INSERTED("chute.bytes.inserted", "RowBinary bytes landed in ClickHouse, tag table."),
    BLOCKS_INSERTED("chute.blocks.inserted", "Blocks landed in ClickHouse, tag table."),
    BLOCK_ROWS("chute.block.rows", "Rows per landed block (distribution), tag table."),
    BLOCK_BYTES("chute.block.bytes", "Bytes per landed block (distribution), tag table."),
    INSERT_LATENCY("chute.insert.latency", "Time from ledger intent to landed per block, tag table."),
    INSERT_RETRIES("chute.insert.retries", "Insert retries, tags table and ClickHouse error code."),
    BUFFERED_ROWS("chute.buffered.rows", "Rows in open blocks, not yet submitted."),
    BUFFERED_BYTES("chute.buffered.bytes", "Bytes in open blocks, not yet submitted."),
    END_TO_END_LATENCY("chute.end.to.end.latency",
            "Record timestamp to insert acknowledged, measured on each block's last row, tag table."),
    BLOCKS_RECOVERED("chute.blocks.recovered", "Interrupted (INTENT) blocks re-formed and re-inserted at task start."),
    GROUPS_INSERTED("chute.groups.inserted", "Grouped inserts (insert.scope=thread) that landed: one INSERT of a "
            + "table's blocks cut by one commit of a stream thread."),
    GROUP_LANES("chute.group.lanes", "Lanes (table, topic, partition) in the grouped inserts that landed: divided by "
            + "chute.groups.inserted, the lanes per INSERT."),
    REGISTRY_WAITS("chute.registry.waits", "Times a record waited for an unavailable schema registry."),
    CATCH_UP_ETA("chute.catch.up.eta.seconds",
            "Seconds until the source lag reaches zero at the current rate (0 caught up, -1 not moving)."),
    COMMITS("chute.commits", "Offset commits that first landed the thread's blocks."),
    // issue 12: what the mapping of writer schemas onto tables loses
    FIELDS_DROPPED("chute.fields.dropped", "Avro field paths that no column receives (fields the table lacks, "
            + "fields a named Tuple leaves out, fields without a ClickHouse column type under add-columns), counted "
            + "once per (table, schema id), tag table."),
    SCHEMAS_UNMAPPABLE("chute.schemas.unmappable", "(table, writer schema id) pairs no record of which can land: every "
            + "record is dead-lettered as mapping_failed (also a degraded reason on /health/ready)."),
    // issue 10: scale (commit barrier, memory budget)
    COMMIT_WAIT("chute.commit.wait", "Time a stream thread's commit waited for its tasks' blocks to land."),
    MEMORY_USED("chute.memory.used.bytes", "Bytes of rows held in open and in-flight blocks (array capacity), "
            + "plus the open tasks' fixed cost (192 KiB each, up to a quarter of the budget), counted against "
            + "buffer.memory.bytes."),
    MEMORY_PEAK("chute.memory.peak.bytes", "Highest chute.memory.used.bytes since start."),
    MEMORY_BUDGET("chute.memory.budget.bytes", "buffer.memory.bytes in effect (the hard limit)."),
    BLOCKS_SUBMITTED_EARLY("chute.blocks.submitted.early", "Open blocks submitted before full or lingered because "
            + "held memory was over 3/4 of buffer.memory.bytes."),
    BACKPRESSURE_WAITS("chute.backpressure.waits", "Times a stream thread (grouped inserts: the instance's "
            + "processing) stopped taking records because held memory was over buffer.memory.bytes."),
    LEDGER_TRANSACTIONS("chute.ledger.transactions", "Ledger transactions committed by insert pipelines (a block's "
            + "LANDED shares the next block's INTENT transaction, and overlapping writes of a task's tables share one: "
            + "at most about one per block)."),
    LEDGER_LANDED_BY_COMMIT("chute.ledger.landed.by.commit", "Deferred LANDED entries not written because an "
            + "offset commit past their block returned (the block landed; recovery reads such an INTENT as landed)."),
    PARTITIONS_PAUSED_MEMORY("chute.partitions.paused.memory", "Source partitions whose fetching is paused because "
            + "the memory budget has no room for the rows they still bring; the others fill whole blocks first "
            + "(buffer.memory.pause.partitions)."),
    PARTITION_PAUSES_MEMORY("chute.partition.pauses.memory", "Times fetching of a source partition was paused for "
            + "the memory budget (see chute.partitions.paused.memory)."),
    BACKPRESSURE_WAIT_MILLIS("chute.backpressure.wait.millis", "Milliseconds spent in those waits and pauses."),
    CONSUMER_LAG("chute.consumer.lag", "Records between the consumer's position and the end of each assigned source "
            + "partition (the consumer's records-lag), tags topic and partition.");

    private final String metricName;
    private final String doc;

    ChuteMetric(String metricName, String doc) {
        this.metricName = metricName;
        this.doc = doc;
    }

    public String metricName() {
        return metricName;
    }

    public String doc() {
        return doc;
    }
}
