package io.chute.sink;

/** Waits between retries; a seam so tests do not sleep. */
@FunctionalInterface
public interface Sleeper {
    Sleeper SYSTEM = Thread::sleep;

    void sleep(long millis) throws InterruptedException;
}
