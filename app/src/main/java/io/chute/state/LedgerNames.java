package io.chute.state;

/** Naming of the ledger topic and of the per-task transactional ids. */
public final class LedgerNames {

    private LedgerNames() {
    }

    /** {@code <application.id>-chute-ledger}. */
    public static String topic(String applicationId) {
        return applicationId + "-chute-ledger";
    }

    /** {@code <application.id>-chute-ledger-<taskId>}: one per stream task, so a new owner fences the old one. */
    public static String transactionalId(String applicationId, String taskId) {
        return applicationId + "-chute-ledger-" + taskId;
    }
}
