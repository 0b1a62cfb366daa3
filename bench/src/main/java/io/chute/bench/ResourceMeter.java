package io.chute.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Resource figures of one benchmark phase: CPU time of this JVM and of the local stack's child processes (broker,
 * registry, ClickHouse), peak RSS of this JVM ({@code VmHWM}, reset at the phase start where the kernel allows it)
 * and peak heap used (sampled every 20 ms, so short spikes may be missed). Figures that the platform does not offer are reported as -1.
 */
final class ResourceMeter implements AutoCloseable {
    static final String BROKER = "broker";
    static final String REGISTRY = "registry";
    static final String CLICKHOUSE = "clickhouse";

    private final long brokerPid;
    private final long registryPid;
    private final AtomicLong heapPeak = new AtomicLong();
    private final Thread sampler;
    private final long cpuStart;
    private final Map<String, Long> childStart;
    private final boolean rssReset;

    private ResourceMeter(long brokerPid, long registryPid) {
        this.brokerPid = brokerPid;
        this.registryPid = registryPid;
        this.rssReset = resetPeakRss();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        this.cpuStart = processCpuNanos();
        this.childStart = childCpuNanos();
        this.sampler = new Thread(this::sampleHeap, "bench-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Starts measuring a phase now. */
    static ResourceMeter start(long brokerPid, long registryPid) {
        return new ResourceMeter(brokerPid, registryPid);
    }

    /** The figures since {@link #start}. */
    record Usage(Duration jvmCpu, Map<String, Duration> childCpu, long peakRssKb, boolean rssPeakIsPhaseOnly,
                 long heapPeakBytes) {
    }

    Usage stop() {
        sampler.interrupt();
        Map<String, Long> childEnd = childCpuNanos();
        Map<String, Duration> child = new LinkedHashMap<>();
        for (String role : new String[] {BROKER, REGISTRY, CLICKHOUSE}) {
            long end = childEnd.getOrDefault(role, -1L);
            long begin = childStart.getOrDefault(role, -1L);
            child.put(role, end < 0 || begin < 0 ? Duration.ofNanos(-1) : Duration.ofNanos(end - begin));
        }
        return new Usage(Duration.ofNanos(processCpuNanos() - cpuStart), child, peakRssKb(), rssReset,
                heapPeak.get());
    }

    @Override
    public void close() {
        sampler.interrupt();
    }

    private void sampleHeap() {
        var memory = ManagementFactory.getMemoryMXBean();
        while (!Thread.currentThread().isInterrupted()) {
            heapPeak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return -1;
    }

    /** CPU time of the children by role. */
    private Map<String, Long> childCpuNanos() {
        Map<String, Long> cpu = new LinkedHashMap<>();
        ProcessHandle.current().descendants().forEach(p -> {
            String role = p.pid() == brokerPid ? BROKER : p.pid() == registryPid ? REGISTRY
                    : isClickHouse(p) ? CLICKHOUSE : null;
            if (role != null) {
                p.info().totalCpuDuration().ifPresent(d -> cpu.merge(role, d.toNanos(), Long::sum));
            }
        });
        return cpu;
    }

    /** The local stack marks its children's command lines (first, so truncation keeps it). */
    private static boolean isClickHouse(ProcessHandle p) {
        String marker = "chute.localstack.child=clickhouse";
        return p.info().commandLine().orElse("").contains(marker)
                || java.util.Arrays.stream(p.info().arguments().orElse(new String[0])).anyMatch(a -> a.contains(marker));
    }

    /** Linux: writing 5 to clear_refs resets VmHWM to the current RSS. */
    private static boolean resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
