package io.chute.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * chute instances started as separate JVMs, each on a free {@code metrics.port}, whose /metrics a daemon thread
 * reads every 500 ms while they run, handing each line to {@code onLine} with the instance's name. A killed
 * instance's last scrape is the last it reports. Closing stops the scraping and every instance.
 */
final class ScrapedInstances implements AutoCloseable {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, Integer> ports = new ConcurrentHashMap<>();
    private final List<ChuteProcess> all = new CopyOnWriteArrayList<>();
    private final BiConsumer<String, String> onLine;
    private final Thread scraper;

    ScrapedInstances(BiConsumer<String, String> onLine) {
        this.onLine = onLine;
        this.scraper = new Thread(this::scrapeUntilInterrupted, "scraper");
        scraper.setDaemon(true);
        scraper.start();
    }

    /** Starts an instance named {@code name} with {@code config} plus its own metrics port. */
    ChuteProcess start(Properties config, Path dir, String name, String heap) throws IOException {
        Properties own = new Properties();
        own.putAll(config);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        own.setProperty("metrics.port", Integer.toString(port));
        ChuteProcess p = ChuteProcess.start(own, dir, name, heap);
        all.add(p);
        ports.put(name, port);
        return p;
    }

    /** Kills an instance with SIGKILL and stops scraping it. */
    void kill9(String name, ChuteProcess process) throws InterruptedException {
        process.kill9();
        ports.remove(name);
    }

    List<ChuteProcess> all() {
        return all;
    }

    /** The number at the end of a Prometheus text line. */
    static double value(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    private void scrapeUntilInterrupted() {
        while (!Thread.currentThread().isInterrupted()) {
            ports.forEach((name, port) -> {
                try {
                    String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/metrics")).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                    for (String line : body.split("\n")) {
                        onLine.accept(name, line);
                    }
                } catch (IOException e) {
                    // not up yet, or killed
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        scraper.interrupt();
        for (ChuteProcess p : all) {
            p.close();
        }
    }
}
