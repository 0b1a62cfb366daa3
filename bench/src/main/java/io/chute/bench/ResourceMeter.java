package io.chute.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * Resource figures of one benchmark phase: CPU time of this JVM and of the local stack's child processes (broker,
 * registry, ClickHouse), peak RSS of this JVM ({@code VmHWM}, reset at the phase start where the kernel allows it)
 * peak heap used (sampled every 20 ms, so short spikes may be missed; it includes garbage not yet collected), the
 * peak of the heap left after a collection (from the collectors' notifications; after a young GC it still holds old
 * garbage) and, when asked for, the peak of the heap left after a full GC this meter forces every few seconds
 * ({@code System.gc()}, as {@code jcmd GC.class_histogram} does): what the application holds, at the price of those
 * pauses. Figures that the platform does not offer are reported as -1.
 */
final class ResourceMeter implements AutoCloseable {
    static final String BROKER = "broker";
    static final String REGISTRY = "registry";
    static final String CLICKHOUSE = "clickhouse";
    private static final String SYSTEM_GC = "System.gc()";

    private final long brokerPid;
    private final long registryPid;
    private final AtomicLong heapPeak = new AtomicLong();
    private final AtomicLong liveHeapPeak = new AtomicLong(-1);
    private final AtomicLong fullGcLivePeak = new AtomicLong(-1);
    private final AtomicLong forcedGcs = new AtomicLong();
    private final AtomicLong fullGcsSeen = new AtomicLong();
    private final NotificationListener afterGc = this::onGc;
    private final Thread sampler;
    private final Thread fullGc;
    private final long cpuStart;
    private final Duration jitStart;
    private final Map<String, Long> childStart;
    private final boolean rssReset;

    private ResourceMeter(long brokerPid, long registryPid, Duration fullGcEvery) {
        this.brokerPid = brokerPid;
        this.registryPid = registryPid;
        this.rssReset = resetPeakRss();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        this.cpuStart = processCpuNanos();
        this.jitStart = JitClock.cpu();
        this.childStart = childCpuNanos();
        this.sampler = new Thread(this::sampleHeap, "bench-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        this.fullGc = fullGcEvery.isZero() ? null : new Thread(() -> forceFullGcs(fullGcEvery), "bench-full-gc");
        if (fullGc != null) {
            fullGc.setDaemon(true);
            fullGc.start();
        }
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(afterGc, null, null);
            }
        }
    }

    /** Heap left after a collection: the sum of the heap pools' usage after it. */
    private void onGc(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        long live = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage after = info.getGcInfo().getMemoryUsageAfterGc().get(pool.getName());
            if (pool.getType() == MemoryType.HEAP && after != null) {
                live += after.getUsed();
            }
        }
        liveHeapPeak.accumulateAndGet(live, Math::max);
        if (SYSTEM_GC.equals(info.getGcCause())) {
            fullGcLivePeak.accumulateAndGet(live, Math::max);
            fullGcsSeen.incrementAndGet();
        }
    }

    /** Starts measuring a phase now, forcing no GC. */
    static ResourceMeter start(long brokerPid, long registryPid) {
        return new ResourceMeter(brokerPid, registryPid, Duration.ZERO);
    }

    /**
     * Rows per second this machine's cores allow work that costs {@code cpuMicrosPerRow} of CPU per row (every
     * process counted): the ceilings and the room the reports print; 0 when the cost is not positive.
     */
    static double rowsPerSecondOnAllCores(double cpuMicrosPerRow) {
        return cpuMicrosPerRow <= 0 ? 0 : Runtime.getRuntime().availableProcessors() * 1e6 / cpuMicrosPerRow;
    }

    /** CPU per row in microseconds; negative when not measured ({@code cpu} null or negative, no rows). */
    static double microsPerRow(Duration cpu, long rows) {
        return cpu == null || cpu.isNegative() || rows <= 0 ? -1 : cpu.toNanos() / 1e3 / rows;
    }

    /** Starts measuring a phase now, forcing a full GC every {@code fullGcEvery} (zero: never). */
    static ResourceMeter start(long brokerPid, long registryPid, Duration fullGcEvery) {
        return new ResourceMeter(brokerPid, registryPid, fullGcEvery);
    }

    /**
     * The figures since {@link #start}; {@code fullGcLiveHeapPeakBytes}: -1 when no forced full GC was reported,
     * {@code forcedGcs}: how many this meter forced, {@code jit}: the CPU of the JIT's compiler threads in the phase
     * ({@link JitClock}; negative when not measured), part of {@code jvmCpu}.
     */
    record Usage(Duration jvmCpu, Map<String, Duration> childCpu, long peakRssKb, boolean rssPeakIsPhaseOnly,
                 long heapPeakBytes, long liveHeapPeakBytes, long fullGcLiveHeapPeakBytes, long forcedGcs,
                 Duration jit) {
    }

    Usage stop() {
        sampler.interrupt();
        stopFullGcs();
        removeGcListeners();
        Map<String, Long> childEnd = childCpuNanos();
        Map<String, Duration> child = new LinkedHashMap<>();
        for (String role : new String[] {BROKER, REGISTRY, CLICKHOUSE}) {
            long end = childEnd.getOrDefault(role, -1L);
            long begin = childStart.getOrDefault(role, -1L);
            child.put(role, end < 0 || begin < 0 ? Duration.ofNanos(-1) : Duration.ofNanos(end - begin));
        }
        return new Usage(Duration.ofNanos(processCpuNanos() - cpuStart), child, peakRssKb(), rssReset,
                heapPeak.get(), liveHeapPeak.get(), fullGcLivePeak.get(), forcedGcs.get(),
                jitStart.isNegative() ? jitStart : JitClock.cpu().minus(jitStart));
    }

    @Override
    public void close() {
        sampler.interrupt();
        stopFullGcs();
        removeGcListeners();
    }

    /**
     * Ends the forcing thread and waits (up to 2 s) for the notifications of its GCs, which the JVM sends from its
     * own thread after the GC, so that the last one counts in this phase.
     */
    private void stopFullGcs() {
        if (fullGc == null) {
            return;
        }
        fullGc.interrupt();
        try {
            fullGc.join(10_000);
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (fullGcsSeen.get() < forcedGcs.get() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A full GC every {@code every}: the heap left after it is what is reachable then. */
    private void forceFullGcs(Duration every) {
        var memory = ManagementFactory.getMemoryMXBean();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            memory.gc();
            forcedGcs.incrementAndGet();
        }
    }

    private void removeGcListeners() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                try {
                    emitter.removeNotificationListener(afterGc);
                } catch (ListenerNotFoundException e) {
                    // already removed
                }
            }
        }
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
