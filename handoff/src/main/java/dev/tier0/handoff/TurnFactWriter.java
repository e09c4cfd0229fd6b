package dev.tier0.handoff;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes turn facts on one thread of its own, as many as have arrived in each round trip: under
 * load a batch forms while the previous one is being written, and at rest each fact goes alone at
 * once. Thread-safe.
 */
final class TurnFactWriter implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TurnFactWriter.class);

  /** Facts waiting; beyond this the caller writes its fact itself. */
  static final int PENDING = 10_000;

  /** Facts in one script call: bounded so one call stays short for Redis, which runs it alone. */
  static final int BATCH = 256;

  private static final Duration FLUSH_WAIT = Duration.ofSeconds(5);

  /** Queued by {@link #close}: the writer stops when it reaches it. */
  private static final RedisAnalytics.TurnFact STOP =
      new RedisAnalytics.TurnFact(null, null, null, null, null, null, null, false, null);

  private final Consumer<List<RedisAnalytics.TurnFact>> write;
  private final BlockingQueue<RedisAnalytics.TurnFact> pending = new ArrayBlockingQueue<>(PENDING);
  private final Object progress = new Object();
  private long submitted;
  private long done;
  private Thread thread;
  private boolean closed;

  TurnFactWriter(Consumer<List<RedisAnalytics.TurnFact>> write) {
    this.write = write;
  }

  void submit(RedisAnalytics.TurnFact fact) {
    synchronized (progress) {
      if (!closed && pending.offer(fact)) {
        submitted++;
        if (thread == null) {
          thread = Thread.ofPlatform().name("analytics-writer").daemon().start(this::run);
        }
        return;
      }
    }
    // Full (or closing): no fact is dropped for arriving in a crowd.
    writeNow(List.of(fact));
  }

  /** Waits until every fact submitted before this call is written (or failed). */
  void flush() {
    long deadline = System.nanoTime() + FLUSH_WAIT.toNanos();
    synchronized (progress) {
      long target = submitted;
      while (done < target) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          log.warn("Analytics still writing {} turns; reporting without them", target - done);
          return;
        }
        try {
          progress.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  @Override
  public void close() {
    Thread running;
    synchronized (progress) {
      closed = true;
      running = thread;
    }
    if (running != null) {
      try {
        // After whatever is queued, so the writer finishes its work and then stops.
        pending.put(STOP);
        running.join(FLUSH_WAIT.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    List<RedisAnalytics.TurnFact> rest = new ArrayList<>();
    pending.drainTo(rest);
    rest.removeIf(f -> f == STOP);
    for (int i = 0; i < rest.size(); i += BATCH) {
      writeBatch(rest.subList(i, Math.min(rest.size(), i + BATCH)));
    }
  }

  private void run() {
    List<RedisAnalytics.TurnFact> batch = new ArrayList<>(BATCH);
    boolean stop = false;
    while (!stop) {
      try {
        batch.add(pending.take());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      pending.drainTo(batch, BATCH - 1);
      stop = batch.removeIf(f -> f == STOP);
      if (!batch.isEmpty()) {
        writeBatch(batch);
      }
      batch.clear();
    }
  }

  private void writeBatch(List<RedisAnalytics.TurnFact> batch) {
    writeNow(batch);
    synchronized (progress) {
      done += batch.size();
      progress.notifyAll();
    }
  }

  private void writeNow(List<RedisAnalytics.TurnFact> facts) {
    try {
      write.accept(facts);
    } catch (RuntimeException e) {
      log.warn("{} turns not recorded for analytics: {}", facts.size(), e.toString());
    }
  }
}
