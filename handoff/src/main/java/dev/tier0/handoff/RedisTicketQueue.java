package dev.tier0.handoff;

import dev.tier0.bot.TicketRef;
import dev.tier0.bot.TranscriptEntry;
import dev.tier0.bot.spi.HandoffQueue;
import dev.tier0.bot.spi.HandoffRequest;
import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XPendingArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.PendingMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tickets and the agents' queue on Redis.
 *
 * <ul>
 *   <li>A ticket is a JSON string under {@code helpdesk:ticket:<id>}; changes are optimistic
 *       compare-and-set, so two agents never both win a claim.
 *   <li>The queue is one stream per priority with the consumer group {@code agents}. A new entry is
 *       delivered at once to the group's {@code waiting} consumer, so every entry is always in some
 *       consumer's pending list: the waiting pool (oldest first), or the agent who claimed it.
 *   <li>A claim moves the entry to the agent (XCLAIM); the agent's first reply (or any finishing
 *       operation) acknowledges it (XACK). A claim left unacknowledged longer than the reclaim idle
 *       time (the agent's browser died, their instance crashed) goes back to the waiting pool at
 *       its original place, see {@link #reclaimStale()}.
 *   <li>{@link #submit} is one Lua script: idempotency key, id counter, ticket, stream entry;
 *       either all of it is written or nothing.
 * </ul>
 *
 * <p>Thread-safe. Redis failures surface as {@link
 * dev.tier0.bot.spi.ConversationStore.StoreUnavailableException}.
 */
public final class RedisTicketQueue implements HandoffQueue {

  static final String TICKET = "helpdesk:ticket:";
  static final String HANDOFF = "helpdesk:handoff:";
  static final String SEQUENCE = "helpdesk:ticket-seq:";
  static final String STREAM = "helpdesk:queue:";
  static final String ENTRY_OF_TICKET = "helpdesk:queue:entry-of-ticket";
  static final String TICKET_OF_ENTRY = "helpdesk:queue:ticket-of-entry";
  static final String GROUP = "agents";
  static final String WAITING = "waiting";

  private static final Logger log = LoggerFactory.getLogger(RedisTicketQueue.class);
  private static final String PLACEHOLDER = "INCIDPLACEHOLDERZQX";
  private static final Duration IDEMPOTENCY_TTL = Duration.ofDays(30);

  /** KEYS: idempotency, sequence, stream, entry-of-ticket, ticket-of-entry. */
  private static final RedisScript SUBMIT =
      new RedisScript(
          """
          local existing = redis.call('GET', KEYS[1])
          if existing then return {0, existing} end
          local id = ARGV[1] .. string.format('%06d', redis.call('INCR', KEYS[2]))
          local json = string.gsub(ARGV[2], ARGV[3], id, 1)
          redis.call('SET', ARGV[4] .. id, json)
          redis.call('SET', KEYS[1], id, 'EX', tonumber(ARGV[5]))
          local entry = redis.call('XADD', KEYS[3], '*', 'ticket', id)
          redis.call('XREADGROUP', 'GROUP', ARGV[6], ARGV[7], 'STREAMS', KEYS[3], '>')
          redis.call('HSET', KEYS[4], id, KEYS[3] .. '|' .. entry)
          redis.call('HSET', KEYS[5], KEYS[3] .. '|' .. entry, id)
          return {1, id}
          """);

  /** Puts a ticket back in the waiting pool under a new entry. KEYS: stream, e-o-t, t-o-e. */
  private static final RedisScript REQUEUE =
      new RedisScript(
          """
          local entry = redis.call('XADD', KEYS[1], '*', 'ticket', ARGV[1])
          redis.call('XREADGROUP', 'GROUP', ARGV[2], ARGV[3], 'STREAMS', KEYS[1], '>')
          redis.call('HSET', KEYS[2], ARGV[1], KEYS[1] .. '|' .. entry)
          redis.call('HSET', KEYS[3], KEYS[1] .. '|' .. entry, ARGV[1])
          return {entry}
          """);

  private final RedisCommands<String, String> redis;
  private final Triage triage;
  private final SlaPolicy sla;
  private final TicketEvents events;
  private final Clock clock;
  private final Duration reclaimIdle;

  /**
   * @param reclaimIdle how long a claim may stay unacknowledged before it returns to the queue
   */
  public RedisTicketQueue(
      RedisHandoffClient client,
      Triage triage,
      SlaPolicy sla,
      TicketEvents events,
      Clock clock,
      Duration reclaimIdle) {
    this.redis = client.sync();
    this.triage = triage;
    this.sla = sla;
    this.events = events;
    this.clock = clock;
    this.reclaimIdle = reclaimIdle;
    for (Priority p : Priority.values()) {
      createGroup(stream(p));
    }
  }

  private void createGroup(String stream) {
    try {
      redis.xgroupCreate(
          XReadArgs.StreamOffset.from(stream, "0"), GROUP, XGroupCreateArgs.Builder.mkstream());
    } catch (RedisCommandExecutionException e) {
      if (e.getMessage() == null || !e.getMessage().startsWith("BUSYGROUP")) {
        throw new IllegalStateException("Cannot create the agent queue " + stream, e);
      }
    } catch (io.lettuce.core.RedisException e) {
      throw new dev.tier0.bot.spi.ConversationStore.StoreUnavailableException(
          "Redis is unavailable while creating the agent queue", e);
    }
  }

  static String stream(Priority p) {
    return STREAM + p.name();
  }

  // ---------------------------------------------------------------- HandoffQueue

  @Override
  public TicketRef submit(HandoffRequest request) {
    Objects.requireNonNull(request.idempotencyKey(), "idempotencyKey");
    Instant now = request.at() == null ? clock.instant() : request.at();
    Triage.Assessment assessment = triage.assess(request);
    Ticket draft =
        TicketFactory.draft(
            PLACEHOLDER, request, assessment, sla.due(assessment.priority(), now), now);
    String json = HandoffJson.write(draft);
    String prefix = "INC-" + now.atZone(ZoneOffset.UTC).getYear() + "-";
    List<Object> result =
        RedisHandoffClient.call(
            "opening a ticket",
            () ->
                SUBMIT.<List<Object>>run(
                    redis,
                    ScriptOutputType.MULTI,
                    new String[] {
                      HANDOFF + request.idempotencyKey(),
                      SEQUENCE + now.atZone(ZoneOffset.UTC).getYear(),
                      stream(assessment.priority()),
                      ENTRY_OF_TICKET,
                      TICKET_OF_ENTRY
                    },
                    prefix,
                    json,
                    PLACEHOLDER,
                    TICKET,
                    Long.toString(IDEMPOTENCY_TTL.toSeconds()),
                    GROUP,
                    WAITING));
    boolean created = ((Long) result.get(0)) == 1L;
    String id = (String) result.get(1);
    if (!created) {
      return find(id)
          .map(Ticket::ref)
          .orElseGet(() -> new TicketRef(id, assessment.priority().name(), request.category()));
    }
    // What the script stored is the draft with its id filled in: no need to read it back.
    Ticket ticket = TicketFactory.withId(draft, id);
    announce(TicketEvent.of(TicketEvent.CREATED, ticket, now, null));
    return ticket.ref();
  }

  @Override
  public void userMessage(String ticketId, TranscriptEntry entry) {
    if (ticketId == null || entry == null) {
      return;
    }
    Instant at = entry.at() == null ? clock.instant() : entry.at();
    Optional<Ticket> updated =
        updateTicket(
            ticketId,
            t -> t.with(e -> e.transcript.add(new Ticket.Line(at, "user", entry.text()))));
    if (updated.isEmpty()) {
      log.warn("A user message arrived for the unknown ticket {}", ticketId);
      return;
    }
    announce(TicketEvent.of(TicketEvent.USER_MESSAGE, updated.get(), at, null));
  }

  @Override
  public void rate(String ticketId, int csat) {
    if (csat < 1 || csat > 5) {
      throw new TicketException(
          TicketException.Kind.INVALID_INPUT, "A rating is a number from 1 to 5.");
    }
    Ticket rated =
        updateTicket(ticketId, t -> t.with(e -> e.csat = csat))
            .orElseThrow(() -> notFound(ticketId));
    announce(TicketEvent.of(TicketEvent.RATED, rated, clock.instant(), null));
  }

  @Override
  public String expectation(String priority) {
    try {
      return sla.expectation(Priority.parse(priority), clock.instant());
    } catch (IllegalArgumentException e) {
      return HandoffQueue.super.expectation(priority);
    }
  }

  // ---------------------------------------------------------------- tickets

  /** The ticket with this id, or empty. */
  public Optional<Ticket> find(String ticketId) {
    if (ticketId == null || ticketId.isBlank() || ticketId.length() > 64) {
      return Optional.empty();
    }
    String json = RedisHandoffClient.call("reading a ticket", () -> redis.get(TICKET + ticketId));
    return Optional.ofNullable(json).map(j -> HandoffJson.read(j, Ticket.class));
  }

  /**
   * Changes a ticket atomically; the change may run more than once and may throw {@link
   * TicketException} to refuse, in which case nothing is written.
   */
  public Optional<Ticket> updateTicket(String ticketId, UnaryOperator<Ticket> change) {
    if (ticketId == null || ticketId.isBlank() || ticketId.length() > 64) {
      return Optional.empty();
    }
    return RedisHandoffClient.call(
        "updating a ticket",
        () -> CompareAndSet.update(redis, TICKET + ticketId, Ticket.class, change));
  }

  // ---------------------------------------------------------------- the queue

  /** Waiting tickets: P1 first, then the oldest; at most {@code filter.limit()}. */
  public List<Ticket> waiting(QueueFilter filter) {
    Instant now = clock.instant();
    List<Ticket> out = new ArrayList<>();
    for (Priority p : Priority.values()) {
      if (!filter.priorities().isEmpty() && !filter.priorities().contains(p)) {
        continue;
      }
      List<String> ids = waitingIds(p, 1000);
      if (ids.isEmpty()) {
        continue;
      }
      String[] keys = ids.stream().map(id -> TICKET + id).toArray(String[]::new);
      for (var kv : RedisHandoffClient.call("reading the queue", () -> redis.mget(keys))) {
        if (kv.hasValue()) {
          Ticket t = HandoffJson.read(kv.getValue(), Ticket.class);
          if (filter.accepts(t, now)) {
            out.add(t);
            if (out.size() >= filter.limit()) {
              return out;
            }
          }
        }
      }
    }
    return out;
  }

  private List<String> waitingIds(Priority p, int limit) {
    String stream = stream(p);
    List<PendingMessage> pending =
        RedisHandoffClient.call(
            "reading the queue",
            () ->
                redis.xpending(
                    stream,
                    Consumer.from(GROUP, WAITING),
                    Range.create("-", "+"),
                    Limit.from(limit)));
    if (pending.isEmpty()) {
      return List.of();
    }
    String[] fields = pending.stream().map(m -> stream + "|" + m.getId()).toArray(String[]::new);
    List<String> ids = new ArrayList<>();
    RedisHandoffClient.call("reading the queue", () -> redis.hmget(TICKET_OF_ENTRY, fields))
        .forEach(kv -> kv.ifHasValue(ids::add));
    return ids;
  }

  /**
   * Gives this ticket to an agent. Claiming a ticket one already owns changes nothing.
   *
   * @throws TicketException NOT_FOUND, ALREADY_CLAIMED (another agent owns it), ALREADY_FINISHED
   */
  public Ticket claim(String ticketId, String agent) {
    Instant now = clock.instant();
    boolean[] changed = {false};
    Ticket claimed =
        updateTicket(
                ticketId,
                t -> {
                  changed[0] = false;
                  if (t.status().isFinished()) {
                    throw new TicketException(
                        TicketException.Kind.ALREADY_FINISHED,
                        "Ticket " + t.id() + " is already " + t.status().id() + ".");
                  }
                  if (t.status() == TicketStatus.CLAIMED) {
                    if (agent.equals(t.assignee())) {
                      return t;
                    }
                    throw new TicketException(
                        TicketException.Kind.ALREADY_CLAIMED,
                        "Ticket " + t.id() + " is already claimed by " + t.assignee() + ".");
                  }
                  changed[0] = true;
                  return t.with(e -> {
                    e.status = TicketStatus.CLAIMED;
                    e.assignee = agent;
                    e.claimedAt = now;
                  });
                })
            .orElseThrow(() -> notFound(ticketId));
    if (changed[0]) {
      moveEntry(claimed.id(), agent);
      announce(TicketEvent.of(TicketEvent.CLAIMED, claimed, now, agent));
    }
    return claimed;
  }

  /** Claims the most urgent, oldest waiting ticket for an agent, or empty when none waits. */
  public Optional<Ticket> claimNext(String agent) {
    for (Priority p : Priority.values()) {
      for (String ticketId : waitingIds(p, 20)) {
        try {
          Ticket t = claim(ticketId, agent);
          if (agent.equals(t.assignee()) && t.status() == TicketStatus.CLAIMED) {
            return Optional.of(t);
          }
        } catch (TicketException e) {
          // Someone else was faster, or it was finished meanwhile: try the next one.
        }
      }
    }
    return Optional.empty();
  }

  /** Marks a claim as taken up (the agent answered): it is no longer reclaimed. */
  public void acknowledge(String ticketId) {
    entryOf(ticketId)
        .ifPresent(e ->
            RedisHandoffClient.run(
                "acknowledging a claim",
                () -> {
                  redis.xack(e[0], GROUP, e[1]);
                  // The entry has served its purpose: drop it so the streams do not grow.
                  redis.xdel(e[0], e[1]);
                  redis.hdel(TICKET_OF_ENTRY, e[0] + "|" + e[1]);
                  redis.hdel(ENTRY_OF_TICKET, ticketId);
                }));
  }

  /** Keeps an unacknowledged claim alive (resets its idle time) while its agent works on it. */
  public void touch(String ticketId, String agent) {
    moveEntry(ticketId, agent);
  }

  /** Puts a ticket back into the waiting pool under a new entry (after a transfer). */
  void requeue(Ticket ticket) {
    acknowledge(ticket.id());
    String stream = stream(ticket.priority());
    RedisHandoffClient.run(
        "requeueing a ticket",
        () ->
            REQUEUE.<List<Object>>run(
                redis,
                ScriptOutputType.MULTI,
                new String[] {stream, ENTRY_OF_TICKET, TICKET_OF_ENTRY},
                ticket.id(),
                GROUP,
                WAITING));
  }

  /**
   * Returns claims left unacknowledged longer than the reclaim idle time to the waiting pool, at
   * their original place. Run it periodically on every instance: it is safe to run concurrently.
   *
   * @return the ids of the tickets put back
   */
  public List<String> reclaimStale() {
    List<String> reclaimed = new ArrayList<>();
    Instant now = clock.instant();
    for (Priority p : Priority.values()) {
      String stream = stream(p);
      List<PendingMessage> stale =
          RedisHandoffClient.call(
              "reading stale claims",
              () ->
                  redis.xpending(
                      stream,
                      XPendingArgs.Builder.xpending(GROUP, Range.create("-", "+"), Limit.from(100))
                          .idle(reclaimIdle)));
      for (PendingMessage m : stale) {
        if (WAITING.equals(m.getConsumer())) {
          continue;
        }
        String ticketId =
            RedisHandoffClient.call(
                "reading stale claims",
                () -> redis.hget(TICKET_OF_ENTRY, stream + "|" + m.getId()));
        String agent = m.getConsumer();
        boolean[] back = {false};
        Optional<Ticket> ticket =
            ticketId == null
                ? Optional.empty()
                : updateTicket(
                    ticketId,
                    t -> {
                      back[0] =
                          t.status() == TicketStatus.CLAIMED
                              && agent.equals(t.assignee())
                              && t.firstResponseAt() == null;
                      return back[0]
                          ? t.with(e -> {
                            e.status = TicketStatus.NEW;
                            e.assignee = null;
                            e.claimedAt = null;
                          })
                          : t;
                    });
        if (back[0]) {
          RedisHandoffClient.run(
              "reclaiming a claim",
              () ->
                  redis.xclaim(
                      stream,
                      Consumer.from(GROUP, WAITING),
                      XClaimArgs.Builder.justid(),
                      m.getId()));
          reclaimed.add(ticketId);
          log.info("Ticket {} returned to the queue: {} left it unanswered", ticketId, agent);
          announce(TicketEvent.of(TicketEvent.RECLAIMED, ticket.orElseThrow(), now, agent));
        } else {
          RedisHandoffClient.run(
              "clearing a stale claim", () -> redis.xack(stream, GROUP, m.getId()));
        }
      }
    }
    return reclaimed;
  }

  // ---------------------------------------------------------------- helpers

  private void moveEntry(String ticketId, String consumer) {
    entryOf(ticketId)
        .ifPresent(e ->
            RedisHandoffClient.run(
                "moving a queue entry",
                () ->
                    redis.xclaim(
                        e[0], Consumer.from(GROUP, consumer), XClaimArgs.Builder.justid(), e[1])));
  }

  /** The stream and entry id of a ticket's queue entry. */
  private Optional<String[]> entryOf(String ticketId) {
    String value =
        RedisHandoffClient.call("reading the queue", () -> redis.hget(ENTRY_OF_TICKET, ticketId));
    if (value == null) {
      return Optional.empty();
    }
    int bar = value.lastIndexOf('|');
    return Optional.of(new String[] {value.substring(0, bar), value.substring(bar + 1)});
  }

  void announce(TicketEvent event) {
    try {
      events.publish(event);
    } catch (RuntimeException e) {
      log.warn("Could not announce {} of {}: {}", event.type(), event.ticketId(), e.toString());
    }
  }

  Clock clock() {
    return clock;
  }

  static TicketException notFound(String ticketId) {
    return new TicketException(
        TicketException.Kind.NOT_FOUND, "There is no ticket " + ticketId + ".");
  }
}
