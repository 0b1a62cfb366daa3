package io.chute.localstack.kafka;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

import io.chute.localstack.process.ChildProcess;
import io.chute.localstack.process.Dirs;
import io.chute.localstack.process.FreePorts;

/**
 * A real single-node Kafka broker (KRaft, combined broker+controller, {@code kafka_2.13} 4.3.1) in a child JVM on
 * free loopback ports, with every replication setting at 1 so groups and transactions work.
 *
 * <p>{@link #start(Path)} formats a fresh log dir under the work dir and returns once an admin client gets a
 * cluster description. A port lost to another process between allocation and bind is retried with new ports.
 * The broker dies with the JVM that started it (see {@link io.chute.localstack.process.ParentWatch}).
 */
public final class LocalKafka implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final int START_ATTEMPTS = 3;

    private final ChildProcess process;
    private final int port;
    private volatile Admin admin;

    private LocalKafka(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts a fresh broker whose files live under {@code workDir} (its previous contents for the broker are wiped).
     *
     * @throws IllegalStateException if the broker does not become ready; the message carries its log's tail
     */
    public static LocalKafka start(Path workDir) {
        // absolute: the child runs in workDir, so relative paths in its arguments would resolve twice
        Path dir = workDir.toAbsolutePath().normalize();
        for (int attempt = 1; ; attempt++) {
            int[] ports = FreePorts.allocate(2);
            LocalKafka kafka = launch(dir, ports[0], ports[1]);
            try {
                kafka.awaitReady();
                return kafka;
            } catch (IllegalStateException e) {
                boolean portRace = kafka.process.logContains("Address already in use");
                kafka.kill();
                if (!portRace || attempt == START_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static LocalKafka launch(Path workDir, int brokerPort, int controllerPort) {
        ChildProcess.reapStale(workDir, "kafka");
        Path logDir = workDir.resolve("data");
        Dirs.deleteRecursively(logDir);
        Dirs.create(workDir);
        Path config = BrokerConfig.write(BrokerConfig.of(logDir, brokerPort, controllerPort),
                workDir.resolve("server.properties"));
        ChildProcess child = ChildProcess.builder("kafka")
                .mainClass(KafkaMain.class.getName())
                .args(List.of(config.toString(), Uuid.randomUuid().toString()))
                .jvmArg("-Xms128m").jvmArg("-Xmx512m")
                .jvmArg("-XX:+UseSerialGC").jvmArg("-XX:TieredStopAtLevel=1")
                .jvmArg("-Djava.awt.headless=true")
                .jvmArg("-Dlogback.configurationFile=io/chute/localstack/logback-child.xml")
                .workDir(workDir)
                .start();
        return new LocalKafka(child, brokerPort);
    }

    private void awaitReady() {
        process.awaitReady(READY_TIMEOUT, () -> portOpen() && clusterAnswers());
    }

    private boolean portOpen() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private boolean clusterAnswers() {
        try {
            return !admin().describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /** {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The broker's child process id (for crash tests). */
    public long pid() {
        return process.pid();
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /**
     * Creates a topic with replication factor 1 and waits for the controller to accept it.
     *
     * @throws IllegalStateException if creation fails (e.g. the topic exists) or takes longer than 30 s
     */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        NewTopic topic = new NewTopic(name, partitions, (short) 1).configs(configs);
        try {
            admin().createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted creating topic " + name, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topic " + name, e);
        }
    }

    /** A shared admin client, created on first use and closed with the broker. Do not close it yourself. */
    public Admin admin() {
        Admin a = admin;
        if (a == null) {
            synchronized (this) {
                if (admin == null) {
                    Properties p = new Properties();
                    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
                    p.put(AdminClientConfig.CLIENT_ID_CONFIG, "chute-localstack-admin");
                    admin = Admin.create(p);
                }
                a = admin;
            }
        }
        return a;
    }

    /** Graceful shutdown (SIGTERM; SIGKILL after 10 s). */
    public void stop() {
        closeAdmin();
        process.stop(STOP_GRACE);
    }

    /** SIGKILL: simulates a broker crash. */
    public void kill() {
        closeAdmin();
        process.kill();
    }

    @Override
    public void close() {
        closeAdmin();
        process.close();
    }

    private synchronized void closeAdmin() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
            admin = null;
        }
    }
}
