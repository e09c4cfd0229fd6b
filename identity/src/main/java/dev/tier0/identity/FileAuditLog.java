package dev.tier0.identity;

import dev.tier0.bot.Channel;
import dev.tier0.bot.memory.InMemoryAuditLog;
import dev.tier0.bot.spi.AuditLog;
import dev.tier0.bot.spi.ConversationStore.StoreUnavailableException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link AuditLog} kept in an append-only file of tab-separated lines (at, user, action,
 * channel, outcome, conversation, detail; tabs, line breaks and backslashes escaped), read back at
 * start so queries see the history. For a single instance; a shared deployment uses a store every
 * instance sees. Thread-safe.
 */
public final class FileAuditLog implements AuditLog, AutoCloseable {

  private final Path file;
  private final List<Entry> entries = new ArrayList<>();
  private final BufferedWriter writer;

  /** Opens (or creates) the log file and reads what it holds; unreadable lines are skipped. */
  public FileAuditLog(Path file) {
    this.file = file;
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      if (Files.exists(file)) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          Entry e = parse(line);
          if (e != null) {
            entries.add(e);
          }
        }
      }
      writer =
          Files.newBufferedWriter(
              file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new StoreUnavailableException("cannot open the audit log " + file, e);
    }
  }

  @Override
  public synchronized void record(Entry entry) {
    try {
      writer.write(format(entry));
      writer.write('\n');
      writer.flush();
    } catch (IOException e) {
      throw new StoreUnavailableException("cannot write the audit log " + file, e);
    }
    entries.add(entry);
  }

  @Override
  public synchronized List<Entry> find(Query q) {
    List<Entry> out = new ArrayList<>();
    for (Entry e : entries) {
      if (InMemoryAuditLog.matches(q, e)) {
        out.add(e);
      }
    }
    return out.size() <= q.limit()
        ? out
        : List.copyOf(out.subList(out.size() - q.limit(), out.size()));
  }

  @Override
  public synchronized void close() throws IOException {
    writer.close();
  }

  static String format(Entry e) {
    return String.join(
        "\t",
        e.at().toString(),
        escape(e.userId()),
        escape(e.action()),
        e.channel() == null ? "" : e.channel().id(),
        escape(e.outcome()),
        escape(e.conversationId()),
        escape(e.detail()));
  }

  static Entry parse(String line) {
    String[] f = line.split("\t", -1);
    if (f.length != 7) {
      return null;
    }
    try {
      return new Entry(
          Instant.parse(f[0]),
          unescape(f[1]),
          unescape(f[2]),
          f[3].isEmpty() ? null : Channel.fromId(f[3]),
          unescape(f[4]),
          unescape(f[5]),
          unescape(f[6]));
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String escape(String s) {
    if (s == null) {
      return "\\0";
    }
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
  }

  private static String unescape(String s) {
    if (s.equals("\\0")) {
      return null;
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        sb.append(
            switch (n) {
              case 't' -> '\t';
              case 'n' -> '\n';
              case 'r' -> '\r';
              default -> n;
            });
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
