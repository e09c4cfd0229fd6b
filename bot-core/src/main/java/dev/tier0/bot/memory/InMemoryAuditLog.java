package dev.tier0.bot.memory;

import dev.tier0.bot.spi.AuditLog;
import java.util.ArrayList;
import java.util.List;

/** An {@link AuditLog} in memory, for tests and embedding. Thread-safe. */
public final class InMemoryAuditLog implements AuditLog {
  private final List<Entry> entries = new ArrayList<>();

  @Override
  public synchronized void record(Entry entry) {
    entries.add(entry);
  }

  @Override
  public synchronized List<Entry> find(Query q) {
    List<Entry> out = new ArrayList<>();
    for (Entry e : entries) {
      if (matches(q, e)) {
        out.add(e);
      }
    }
    return out.size() <= q.limit() ? out : out.subList(out.size() - q.limit(), out.size());
  }

  /** True when the entry passes the query's filters (the limit aside). */
  public static boolean matches(Query q, Entry e) {
    return (q.userId() == null || q.userId().equals(e.userId()))
        && (q.action() == null || q.action().equals(e.action()))
        && (q.outcome() == null || q.outcome().equals(e.outcome()))
        && (q.since() == null || !e.at().isBefore(q.since()));
  }

  /** Every entry, oldest first. */
  public synchronized List<Entry> all() {
    return List.copyOf(entries);
  }
}
