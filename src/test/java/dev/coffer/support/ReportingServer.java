package dev.coffer.support;

import dev.coffer.CofferApplication;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.SpringApplication;

/**
 * Coffer in a JVM of its own, for tests that need a heap limit of their own: it samples the heap in
 * use and, when a line {@code report} arrives on standard input, prints {@code heap peak=<bytes>
 * live=<bytes>} (the sampled peak, and what is still in use after a full collection).
 */
public final class ReportingServer {

  private ReportingServer() {}

  public static void main(String[] args) throws IOException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    AtomicLong peak = new AtomicLong();
    Thread sampler =
        new Thread(
            () -> {
              while (true) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                  // the sampling period, not a wait for a condition
                  Thread.sleep(20);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
    SpringApplication.run(CofferApplication.class, args);
    BufferedReader commands =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = commands.readLine(); line != null; line = commands.readLine()) {
      if (line.equals("report")) {
        System.gc();
        long live = memory.getHeapMemoryUsage().getUsed();
        System.out.println("heap peak=" + peak.get() + " live=" + live);
        System.out.flush();
      }
    }
    System.exit(0);
  }
}
