package io.chute.localstack.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Free loopback TCP ports for child processes.
 *
 * <p>The ports are free when returned but not reserved: another process may take one before the child binds it.
 * Callers that must be robust against that race retry the start on "address in use".
 */
public final class FreePorts {
    private FreePorts() {
    }

    /** {@code count} distinct ports, all bound at the same time so none repeats. */
    public static int[] allocate(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        } finally {
            sockets.forEach(FreePorts::closeQuietly);
        }
    }

    public static int allocate() {
        return allocate(1)[0];
    }

    private static void closeQuietly(ServerSocket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // the port is released either way when the socket is collected
        }
    }
}
