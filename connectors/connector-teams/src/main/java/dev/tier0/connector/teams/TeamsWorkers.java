package dev.tier0.connector.teams;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the work of activities after they were acknowledged. Work for one conversation always runs
 * on the same single thread, so its replies leave in the order the messages came in; different
 * conversations run in parallel.
 */
final class TeamsWorkers implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TeamsWorkers.class);

  private final List<ExecutorService> lanes;

  TeamsWorkers(int workers) {
    int n = Math.max(1, workers);
    List<ExecutorService> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int lane = i;
      list.add(
          Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "teams-worker-" + lane);
            t.setDaemon(true);
            return t;
          }));
    }
    this.lanes = List.copyOf(list);
  }

  /**
   * Queues work for a conversation.
   *
   * @return false when the workers are shutting down and the work was not queued
   */
  boolean submit(String conversationKey, Runnable work) {
    ExecutorService lane =
        lanes.get(
            Math.floorMod(conversationKey == null ? 0 : conversationKey.hashCode(), lanes.size()));
    try {
      lane.execute(() -> {
        try {
          work.run();
        } catch (RuntimeException e) {
          log.warn("Processing a Teams activity failed", e);
        }
      });
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  @Override
  public void close() {
    lanes.forEach(ExecutorService::shutdown);
    for (ExecutorService lane : lanes) {
      try {
        if (!lane.awaitTermination(5, TimeUnit.SECONDS)) {
          lane.shutdownNow();
        }
      } catch (InterruptedException e) {
        lane.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }
}
