package dev.tier0.handoff;

import dev.tier0.bot.Channel;
import dev.tier0.bot.memory.InMemoryAuditLog;
import dev.tier0.bot.spi.AuditLog;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit log on a Redis Stream, shared by every app instance and kept as long as Redis keeps its
 * data (the bundled server writes an append-only file). Each entry is one stream entry whose fields
 * are the {@link AuditLog.Entry} components; the stream is capped near {@code maxEntries}
 * (approximate trimming, so Redis trims whole nodes cheaply), oldest entries going first.
 *
 * <p>Queries read the stream backwards from the newest entry and stop at the limit or at {@code
 * since}; a query with neither a {@code since} nor many matches reads the whole stream. Stream ids
 * carry Redis's clock, entries carry the app's: the id is only used to stop early, with a margin,
 * and the entry's own time decides. Thread-safe; Redis failures surface as {@link
 * dev.tier0.bot.spi.ConversationStore.StoreUnavailableException}.
 */
public final class RedisAuditLog implements AuditLog {

  static final String KEY = "helpdesk:audit";

  /** The default cap: a few years of a large company's self-service in a few hundred MB. */
  public static final long DEFAULT_MAX_ENTRIES = 1_000_000;

  private static final int PAGE = 500;
  private static final int MAX_FIELD = 2000;

  /** How far the clocks of Redis and the app instances may drift apart. */
  private static final Duration CLOCK_MARGIN = Duration.ofMinutes(5);

  private final RedisCommands<String, String> redis;
  private final long maxEntries;

  /**
   * @param maxEntries how many entries the stream keeps, at least (roughly; Redis may keep a few
   *     more)
   */
  public RedisAuditLog(RedisHandoffClient client, long maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be positive");
    }
    this.redis = client.sync();
    this.maxEntries = maxEntries;
  }

  @Override
  public void record(Entry e) {
    Map<String, String> fields = new LinkedHashMap<>();
    put(fields, "at", e.at() == null ? Instant.now().toString() : e.at().toString());
    put(fields, "user", e.userId());
    put(fields, "action", e.action());
    put(fields, "channel", e.channel() == null ? null : e.channel().id());
    put(fields, "outcome", e.outcome());
    put(fields, "conversation", e.conversationId());
    put(fields, "detail", e.detail());
    XAddArgs args = new XAddArgs().maxlen(maxEntries).approximateTrimming();
    RedisHandoffClient.run("writing the audit log", () -> redis.xadd(KEY, args, fields));
  }

  @Override
  public List<Entry> find(Query q) {
    long stopBefore = q.since() == null ? -1 : q.since().minus(CLOCK_MARGIN).toEpochMilli();
    List<Entry> newestFirst = new ArrayList<>();
    Range.Boundary<String> upper = Range.Boundary.unbounded();
    scan:
    while (true) {
      Range<String> range = Range.from(Range.Boundary.unbounded(), upper);
      List<StreamMessage<String, String>> page =
          RedisHandoffClient.call(
              "reading the audit log", () -> redis.xrevrange(KEY, range, Limit.from(PAGE)));
      for (StreamMessage<String, String> m : page) {
        if (millis(m.getId()) < stopBefore) {
          break scan;
        }
        Entry e = parse(m.getBody());
        if (e != null && InMemoryAuditLog.matches(q, e)) {
          newestFirst.add(e);
          if (newestFirst.size() >= q.limit()) {
            break scan;
          }
        }
      }
      if (page.size() < PAGE) {
        break;
      }
      String before = previousId(page.get(page.size() - 1).getId());
      if (before == null) {
        break;
      }
      upper = Range.Boundary.including(before);
    }
    Collections.reverse(newestFirst);
    return newestFirst;
  }

  /** Entries in the stream now. */
  long size() {
    return RedisHandoffClient.call("reading the audit log", () -> redis.xlen(KEY));
  }

  private static void put(Map<String, String> fields, String name, String value) {
    if (value != null) {
      fields.put(name, value.length() > MAX_FIELD ? value.substring(0, MAX_FIELD) : value);
    }
  }

  /** An entry from its fields, or null when they are not one (written by something else). */
  static Entry parse(Map<String, String> f) {
    try {
      String channel = f.get("channel");
      return new Entry(
          Instant.parse(f.get("at")),
          f.get("user"),
          f.get("action"),
          channel == null ? null : Channel.fromId(channel),
          f.get("outcome"),
          f.get("conversation"),
          f.get("detail"));
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static long millis(String id) {
    int dash = id.indexOf('-');
    return Long.parseLong(dash < 0 ? id : id.substring(0, dash));
  }

  /**
   * The greatest id below this one, so the next page starts just after it (exclusive ranges need
   * Redis 6.2; this works on any version).
   */
  static String previousId(String id) {
    int dash = id.indexOf('-');
    long ms = Long.parseLong(id.substring(0, dash));
    long seq = Long.parseUnsignedLong(id.substring(dash + 1));
    if (seq > 0) {
      return ms + "-" + Long.toUnsignedString(seq - 1);
    }
    return ms == 0 ? null : (ms - 1) + "-" + Long.toUnsignedString(-1L);
  }
}
