package io.chute.localstack.process;

/** Test helper child: sleeps until killed. */
public final class SleepMain {
    private SleepMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Thread.sleep(Long.MAX_VALUE);
    }
}
