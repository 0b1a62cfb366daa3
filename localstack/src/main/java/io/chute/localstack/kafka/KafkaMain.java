package io.chute.localstack.kafka;

import kafka.tools.StorageTool;

/**
 * Child-JVM entry point of {@link LocalKafka}: {@code KafkaMain <server.properties> <clusterId>}.
 *
 * <p>Formats the (empty) log dir, then runs {@code kafka.Kafka} in the same JVM: one JVM start instead of two.
 * Exits with the storage tool's code if formatting fails.
 */
public final class KafkaMain {
    private KafkaMain() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: KafkaMain <server.properties> <clusterId>");
            System.exit(2);
        }
        String config = args[0];
        // share groups (KIP-932) are on by default in 4.3; the stack does not need them.
        int rc = StorageTool.execute(new String[] {
            "format", "--config", config, "--cluster-id", args[1], "--feature", "share.version=0"}, System.out);
        if (rc != 0) {
            System.exit(rc);
        }
        kafka.Kafka.main(new String[] {config});
    }
}
