package dev.tier0.bot.memory;

import dev.tier0.bot.TicketRef;
import dev.tier0.bot.TranscriptEntry;
import dev.tier0.bot.spi.HandoffQueue;
import dev.tier0.bot.spi.HandoffRequest;
import java.time.Year;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link HandoffQueue} in memory, for tests and embedding: every ticket is priority P3. */
public final class InMemoryHandoffQueue implements HandoffQueue {
  private final AtomicInteger sequence = new AtomicInteger();
  private final Map<String, TicketRef> byKey = new ConcurrentHashMap<>();
  private final Map<String, HandoffRequest> requests = new ConcurrentHashMap<>();
  private final Map<String, List<TranscriptEntry>> userMessages = new ConcurrentHashMap<>();

  @Override
  public TicketRef submit(HandoffRequest request) {
    return byKey.computeIfAbsent(
        request.idempotencyKey(),
        k -> {
          String id = "INC-%d-%06d".formatted(Year.now().getValue(), sequence.incrementAndGet());
          requests.put(id, request);
          return new TicketRef(id, "P3", request.category());
        });
  }

  @Override
  public void userMessage(String ticketId, TranscriptEntry entry) {
    userMessages.computeIfAbsent(ticketId, k -> new ArrayList<>()).add(entry);
  }

  /** The request a ticket was opened from, or null. */
  public HandoffRequest request(String ticketId) {
    return requests.get(ticketId);
  }

  /** Messages the user sent after the hand-off. */
  public List<TranscriptEntry> userMessages(String ticketId) {
    return userMessages.getOrDefault(ticketId, List.of());
  }

  /** How many tickets were opened. */
  public int size() {
    return requests.size();
  }
}
