package dev.tier0.handoff;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Facts for the analytics dashboard, shared by every app instance: per-day turn counters (outcomes,
 * intents, confidence histogram), one small hash per conversation (hand-off, confirmed resolution,
 * CSAT) and one per ticket (priority, SLA due times, first response, resolution). Days are UTC.
 *
 * <p>Conversation figures count the conversations that started within the range; turn figures the
 * turns taken within it; ticket figures the tickets created within it. Every figure is a plain
 * count of recorded facts, so a seeded set of conversations gives exactly reproducible figures.
 *
 * <p>Thread-safe; recording facts is one script (one round trip) of writes and counters, for one
 * fact or a batch of turns.
 */
public final class RedisAnalytics implements AutoCloseable {

  static final String PREFIX = "helpdesk:analytics:";
  static final String DAY = PREFIX + "day:";
  static final String CONVERSATIONS = PREFIX + "convs:";
  static final String CONVERSATION = PREFIX + "conv:";
  static final String TICKETS = PREFIX + "tickets:";
  static final String TICKET = PREFIX + "ticket:";

  /** Facts are kept a little over a year: enough for year-on-year comparisons. */
  static final Duration RETENTION = Duration.ofDays(400);

  /** A report never spans more days than the facts are kept. */
  static final int MAX_DAYS = 400;

  static final int BUCKETS = 10;
  private static final int MAX_NAME = 100;

  private final RedisCommands<String, String> redis;
  private final TurnFactWriter writer;

  public RedisAnalytics(RedisHandoffClient client) {
    this.redis = client.sync();
    this.writer = new TurnFactWriter(this::recordTurns);
  }

  /**
   * What one bot turn did.
   *
   * @param conversationId the conversation
   * @param conversationStart when the conversation began (its day groups the conversation)
   * @param channel the channel's wire name
   * @param at when the turn happened
   * @param outcome the turn's outcome wire name, e.g. {@code answered}
   * @param intent the classified intent, or null when nothing was classified
   * @param confidence the intent's confidence, or null
   * @param handedOff true when the conversation has a ticket after the turn
   * @param csat the user's rating after the turn, or null
   */
  public record TurnFact(
      String conversationId,
      Instant conversationStart,
      String channel,
      Instant at,
      String outcome,
      String intent,
      Double confidence,
      boolean handedOff,
      Integer csat) {}

  /** A name and how often it occurred. */
  public record Count(String name, long count) {}

  /**
   * First-response and resolution times against the SLA for one priority.
   *
   * @param tickets tickets created in the range with this priority
   * @param responded tickets that got a first agent answer
   * @param avgFirstResponseMinutes mean minutes from creation to the first answer (0 when none)
   * @param firstResponseWithinSla first answers given by the due time
   * @param resolved tickets resolved by an agent
   * @param avgResolveMinutes mean minutes from creation to resolution (0 when none)
   * @param resolvedWithinSla resolutions by the due time
   * @param breaches late first answers plus late resolutions
   */
  public record PrioritySla(
      String priority,
      long tickets,
      long responded,
      double avgFirstResponseMinutes,
      long firstResponseWithinSla,
      long resolved,
      double avgResolveMinutes,
      long resolvedWithinSla,
      long breaches) {}

  /**
   * The dashboard's figures for a range of days (inclusive, UTC). Rates are shares of {@code
   * conversations} from 0 to 1 (0 when there were none).
   *
   * @param confirmedResolutions conversations the user confirmed fixed, without a hand-off
   * @param impliedResolutions conversations that ended without a hand-off or a confirmation
   * @param containmentRate conversations without a hand-off
   * @param firstContactResolutions conversations fixed in one contact: confirmed with the bot, or
   *     resolved by the first agent (no transfer, not returned to the queue)
   * @param conversationsPerDay every day of the range with its count, in order
   * @param confidenceHistogram turns per confidence tenth: [0,0.1), [0.1,0.2) ... [0.9,1]
   */
  public record Report(
      LocalDate from,
      LocalDate to,
      long conversations,
      long confirmedResolutions,
      long impliedResolutions,
      long handedOff,
      double containmentRate,
      double confirmedRate,
      double impliedRate,
      double escalationRate,
      List<Count> escalationReasons,
      long csatResponses,
      double csatAverage,
      List<Count> csatDistribution,
      long firstContactResolutions,
      double firstContactResolutionRate,
      List<PrioritySla> sla,
      long turns,
      List<Count> outcomes,
      List<Count> topIntents,
      List<Long> confidenceHistogram,
      List<Count> conversationsPerDay) {}

  /**
   * Records turns in one round trip. For each turn, KEYS: the conversation's hash, the set of its
   * start day, the turn day's counters; ARGV (after the retention in seconds): conversation id,
   * start day, channel, handed off, confirmed, CSAT, the number of counter fields, then the counter
   * fields to increment.
   */
  private static final RedisScript RECORD_TURNS =
      new RedisScript(
          """
          local ttl = ARGV[1]
          local a = 2
          local k = 1
          while a <= #ARGV do
            local n = tonumber(ARGV[a + 6])
            local conv, convs, counters = KEYS[k], KEYS[k + 1], KEYS[k + 2]
            if redis.call('HSETNX', conv, 'day', ARGV[a + 1]) == 1 then
              redis.call('SADD', convs, ARGV[a])
              redis.call('EXPIRE', convs, ttl)
              redis.call('HSET', conv, 'channel', ARGV[a + 2])
            end
            if ARGV[a + 3] == '1' then redis.call('HSET', conv, 'handoff', '1') end
            if ARGV[a + 4] == '1' then redis.call('HSET', conv, 'confirmed', '1') end
            if ARGV[a + 5] ~= '' then redis.call('HSET', conv, 'csat', ARGV[a + 5]) end
            redis.call('EXPIRE', conv, ttl)
            for i = a + 7, a + 6 + n do redis.call('HINCRBY', counters, ARGV[i], 1) end
            redis.call('EXPIRE', counters, ttl)
            a = a + 7 + n
            k = k + 3
          end
          return 1
          """);

  /**
   * Records a ticket event in one round trip. KEYS: the ticket's hash, the set of its creation day,
   * the conversation's hash. ARGV: ticket id, creation day (or empty), retention in seconds, event
   * type, reason, CSAT, has a conversation ("1"/"0"), then field/value pairs for the ticket's hash.
   */
  private static final RedisScript RECORD_TICKET_EVENT =
      new RedisScript(
          """
          local ttl = ARGV[3]
          if ARGV[2] ~= '' and redis.call('HSETNX', KEYS[1], 'day', ARGV[2]) == 1 then
            redis.call('SADD', KEYS[2], ARGV[1])
            redis.call('EXPIRE', KEYS[2], ttl)
          end
          if #ARGV > 7 then redis.call('HSET', KEYS[1], unpack(ARGV, 8)) end
          redis.call('EXPIRE', KEYS[1], ttl)
          if ARGV[7] ~= '1' then return 1 end
          local t = ARGV[4]
          if t == 'ticket.created' then
            redis.call('HSET', KEYS[3], 'handoff', '1')
            redis.call('HSETNX', KEYS[3], 'reason', ARGV[5])
          elseif t == 'ticket.transferred' or t == 'ticket.reclaimed' then
            redis.call('HSET', KEYS[3], 'transferred', '1')
          elseif t == 'ticket.resolved' then
            redis.call('HSET', KEYS[3], 'ticketResolved', '1')
          elseif t == 'ticket.rated' and ARGV[6] ~= '' then
            redis.call('HSET', KEYS[3], 'csat', ARGV[6])
          end
          return 1
          """);

  /** Records a turn. Garbage in the names is shortened and stripped of control characters. */
  public void recordTurn(TurnFact fact) {
    recordTurns(java.util.Collections.singletonList(fact));
  }

  /** Records turns in one round trip; facts without a conversation or a time are skipped. */
  public void recordTurns(List<TurnFact> facts) {
    List<String> keys = new ArrayList<>(3 * facts.size());
    List<String> args = new ArrayList<>(1 + 12 * facts.size());
    args.add(Long.toString(RETENTION.toSeconds()));
    for (TurnFact fact : facts) {
      if (fact == null || fact.conversationId() == null || fact.at() == null) {
        continue;
      }
      Instant start = fact.conversationStart() == null ? fact.at() : fact.conversationStart();
      String startDay = day(start).toString();
      List<String> counters = new ArrayList<>(4);
      counters.add("turns");
      counters.add("outcome:" + clean(fact.outcome()));
      if (fact.intent() != null) {
        counters.add("intent:" + clean(fact.intent()));
      }
      if (fact.confidence() != null && Double.isFinite(fact.confidence())) {
        counters.add("conf:" + bucket(fact.confidence()));
      }
      args.add(fact.conversationId());
      args.add(startDay);
      args.add(clean(fact.channel()));
      args.add(fact.handedOff() ? "1" : "0");
      args.add("resolved".equals(fact.outcome()) ? "1" : "0");
      args.add(
          fact.csat() != null && fact.csat() >= 1 && fact.csat() <= 5
              ? Integer.toString(fact.csat())
              : "");
      args.add(Integer.toString(counters.size()));
      args.addAll(counters);
      keys.add(CONVERSATION + fact.conversationId());
      keys.add(CONVERSATIONS + startDay);
      keys.add(DAY + day(fact.at()));
    }
    if (keys.isEmpty()) {
      return;
    }
    RedisHandoffClient.run(
        "recording turns",
        () ->
            RECORD_TURNS.<Long>run(
                redis,
                ScriptOutputType.INTEGER,
                keys.toArray(String[]::new),
                args.toArray(String[]::new)));
  }

  /**
   * Records a turn soon, on this instance's writer thread, so that a turn's reply does not wait on
   * its analytics: facts that arrive while a batch is being written go together in the next round
   * trip. {@link #report} first waits for every fact submitted before it. When the queue is full
   * the fact is recorded at once, so none is dropped for being many. A fact whose write fails is
   * logged and lost, as a synchronous write's would be.
   */
  public void recordTurnSoon(TurnFact fact) {
    writer.submit(fact);
  }

  /** Waits (up to a few seconds) until every turn submitted so far is written. */
  public void flush() {
    writer.flush();
  }

  /** Writes what is pending and stops the writer thread. */
  @Override
  public void close() {
    writer.close();
  }

  /**
   * Records what a ticket event tells: the hand-off, its reason, SLA facts, transfers, CSAT. A
   * user's message or an internal note changes none of these, so it costs nothing.
   */
  public void recordTicketEvent(TicketEvent event) {
    if (event == null || event.ticket() == null || event.ticket().id() == null) {
      return;
    }
    if (TicketEvent.USER_MESSAGE.equals(event.type())) {
      return;
    }
    Ticket t = event.ticket();
    Instant created = t.createdAt() == null ? event.at() : t.createdAt();
    String createdDay = created == null ? "" : day(created).toString();
    Map<String, String> fields = new LinkedHashMap<>();
    put(fields, "priority", t.priority() == null ? null : t.priority().name());
    put(fields, "created", created);
    put(fields, "firstResponse", t.firstResponseAt());
    put(fields, "resolved", t.resolvedAt());
    if (t.sla() != null) {
      put(fields, "firstResponseDue", t.sla().firstResponseDue());
      put(fields, "resolutionDue", t.sla().resolutionDue());
    }
    List<String> args = new ArrayList<>(7 + 2 * fields.size());
    args.add(t.id());
    args.add(createdDay);
    args.add(Long.toString(RETENTION.toSeconds()));
    args.add(event.type() == null ? "" : event.type());
    args.add(clean(t.reason() == null ? "unknown" : t.reason()));
    args.add(t.csat() != null && t.csat() >= 1 && t.csat() <= 5 ? Integer.toString(t.csat()) : "");
    args.add(t.conversationId() == null ? "0" : "1");
    fields.forEach((name, value) -> {
      args.add(name);
      args.add(value);
    });
    String[] keys = {
      TICKET + t.id(),
      TICKETS + (createdDay.isEmpty() ? "none" : createdDay),
      CONVERSATION + (t.conversationId() == null ? "none" : t.conversationId())
    };
    RedisHandoffClient.run(
        "recording a ticket event",
        () ->
            RECORD_TICKET_EVENT.<Long>run(
                redis, ScriptOutputType.INTEGER, keys, args.toArray(String[]::new)));
  }

  /** The figures for the days from {@code from} to {@code to}, both included. */
  public Report report(LocalDate from, LocalDate to) {
    if (from == null || to == null || to.isBefore(from)) {
      throw new IllegalArgumentException(
          "The range must run from a day to the same or a later day.");
    }
    if (from.plusDays(MAX_DAYS).isBefore(to)) {
      throw new IllegalArgumentException("The range may span at most " + MAX_DAYS + " days.");
    }
    flush();
    return RedisHandoffClient.call("reading analytics", () -> compute(from, to));
  }

  private Report compute(LocalDate from, LocalDate to) {
    long conversations = 0;
    long confirmed = 0;
    long implied = 0;
    long handedOff = 0;
    long fcr = 0;
    Map<String, Long> reasons = new TreeMap<>();
    long[] csat = new long[6];
    List<Count> perDay = new ArrayList<>();
    Map<String, Long> outcomes = new TreeMap<>();
    Map<String, Long> intents = new TreeMap<>();
    long[] histogram = new long[BUCKETS];
    long turns = 0;
    Map<String, long[]> sla = new TreeMap<>();
    Map<String, double[]> slaMinutes = new TreeMap<>();
    for (Priority p : Priority.values()) {
      sla.put(p.name(), new long[6]);
      slaMinutes.put(p.name(), new double[2]);
    }

    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      Set<String> ids = redis.smembers(CONVERSATIONS + d);
      perDay.add(new Count(d.toString(), ids.size()));
      for (String id : ids) {
        Map<String, String> c = redis.hgetall(CONVERSATION + id);
        conversations++;
        boolean handoff = "1".equals(c.get("handoff"));
        boolean yes = "1".equals(c.get("confirmed"));
        if (handoff) {
          handedOff++;
          reasons.merge(c.getOrDefault("reason", "unknown"), 1L, Long::sum);
          if ("1".equals(c.get("ticketResolved")) && !"1".equals(c.get("transferred"))) {
            fcr++;
          }
        } else if (yes) {
          confirmed++;
          fcr++;
        } else {
          implied++;
        }
        int rating = (int) parse(c.get("csat"));
        if (rating >= 1 && rating <= 5) {
          csat[rating]++;
        }
      }
      Map<String, String> day = redis.hgetall(DAY + d);
      for (Map.Entry<String, String> e : day.entrySet()) {
        String field = e.getKey();
        long n = parse(e.getValue());
        if (field.equals("turns")) {
          turns += n;
        } else if (field.startsWith("outcome:")) {
          outcomes.merge(field.substring(8), n, Long::sum);
        } else if (field.startsWith("intent:")) {
          intents.merge(field.substring(7), n, Long::sum);
        } else if (field.startsWith("conf:")) {
          int b = (int) parse(field.substring(5));
          if (b >= 0 && b < BUCKETS) {
            histogram[b] += n;
          }
        }
      }
      for (String ticketId : redis.smembers(TICKETS + d)) {
        Map<String, String> t = redis.hgetall(TICKET + ticketId);
        long[] s = sla.get(t.get("priority"));
        if (s == null) {
          continue;
        }
        double[] minutes = slaMinutes.get(t.get("priority"));
        Instant created = instant(t.get("created"));
        Instant first = instant(t.get("firstResponse"));
        Instant resolved = instant(t.get("resolved"));
        Instant firstDue = instant(t.get("firstResponseDue"));
        Instant resolveDue = instant(t.get("resolutionDue"));
        s[0]++;
        if (first != null && created != null) {
          s[1]++;
          minutes[0] += Duration.between(created, first).toMillis() / 60_000.0;
          if (firstDue == null || !first.isAfter(firstDue)) {
            s[2]++;
          } else {
            s[5]++;
          }
        }
        if (resolved != null && created != null) {
          s[3]++;
          minutes[1] += Duration.between(created, resolved).toMillis() / 60_000.0;
          if (resolveDue == null || !resolved.isAfter(resolveDue)) {
            s[4]++;
          } else {
            s[5]++;
          }
        }
      }
    }

    long csatResponses = 0;
    long csatSum = 0;
    List<Count> distribution = new ArrayList<>();
    for (int r = 1; r <= 5; r++) {
      csatResponses += csat[r];
      csatSum += r * csat[r];
      distribution.add(new Count(Integer.toString(r), csat[r]));
    }
    List<PrioritySla> slaRows = new ArrayList<>();
    sla.forEach((p, s) -> {
      double[] m = slaMinutes.get(p);
      slaRows.add(
          new PrioritySla(
              p,
              s[0],
              s[1],
              s[1] == 0 ? 0 : round(m[0] / s[1]),
              s[2],
              s[3],
              s[3] == 0 ? 0 : round(m[1] / s[3]),
              s[4],
              s[5]));
    });
    List<Long> hist = new ArrayList<>();
    for (long h : histogram) {
      hist.add(h);
    }
    return new Report(
        from,
        to,
        conversations,
        confirmed,
        implied,
        handedOff,
        share(conversations - handedOff, conversations),
        share(confirmed, conversations),
        share(implied, conversations),
        share(handedOff, conversations),
        ranked(reasons, Integer.MAX_VALUE),
        csatResponses,
        csatResponses == 0 ? 0 : round((double) csatSum / csatResponses),
        distribution,
        fcr,
        share(fcr, conversations),
        slaRows,
        turns,
        ranked(outcomes, Integer.MAX_VALUE),
        ranked(intents, 20),
        hist,
        perDay);
  }

  /** Most frequent first; ties in name order, so the same facts always list the same way. */
  private static List<Count> ranked(Map<String, Long> counts, int limit) {
    return counts.entrySet().stream()
        .map(e -> new Count(e.getKey(), e.getValue()))
        .sorted(Comparator.comparingLong(Count::count).reversed().thenComparing(Count::name))
        .limit(limit)
        .toList();
  }

  static int bucket(double confidence) {
    double c = Math.max(0, Math.min(1, confidence));
    return Math.min(BUCKETS - 1, (int) Math.floor(c * BUCKETS));
  }

  private static double share(long part, long whole) {
    return whole == 0 ? 0 : round((double) part / whole);
  }

  /** Four decimals: enough for a percentage with two, and stable in JSON and CSV. */
  private static double round(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }

  private static LocalDate day(Instant at) {
    return LocalDate.ofInstant(at, ZoneOffset.UTC);
  }

  private static void put(Map<String, String> fields, String name, Object value) {
    if (value != null) {
      fields.put(name, value.toString());
    }
  }

  private static Instant instant(String value) {
    try {
      return value == null ? null : Instant.parse(value);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static long parse(String value) {
    try {
      return value == null ? 0 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** A name safe as a hash field: printable, at most {@value #MAX_NAME} characters. */
  static String clean(String name) {
    if (name == null || name.isBlank()) {
      return "unknown";
    }
    String c =
        name.codePoints()
            .filter(cp -> !Character.isISOControl(cp))
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString()
            .strip();
    if (c.isEmpty()) {
      return "unknown";
    }
    return c.length() > MAX_NAME ? c.substring(0, MAX_NAME) : c;
  }
}
