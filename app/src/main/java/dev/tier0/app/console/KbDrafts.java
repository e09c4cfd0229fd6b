package dev.tier0.app.console;

import dev.tier0.app.config.HelpdeskProperties;
import dev.tier0.handoff.Ticket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Knowledge drafted from resolved tickets: a Markdown article with the front matter of CONTRACT.md
 * section 3, kept under {@code helpdesk.data-dir}/drafts until an ADMIN publishes it into the
 * served knowledge base (the KB folder of {@code helpdesk.kb.path}, else {@code
 * helpdesk.data-dir}/kb-published), which picks it up on its next scan.
 */
@Component
class KbDrafts {

  static final int MAX_DRAFT = 100_000;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,79}");
  private static final Pattern FRONT_ID = Pattern.compile("(?m)^id:\\s*\\S");
  private static final Pattern FRONT_TITLE = Pattern.compile("(?m)^title:\\s*\\S");
  private static final Pattern TITLE = Pattern.compile("(?m)^title:\\s*(.+)$");

  private final Path drafts;
  private final Path published;

  /** A draft as the console lists it. */
  record Draft(String id, String title, Instant updatedAt, String text) {}

  KbDrafts(HelpdeskProperties properties) {
    this.drafts = properties.dataDir().resolve("drafts");
    this.published = publishedFolder(properties);
  }

  /** Where published articles go: the served KB folder. */
  static Path publishedFolder(HelpdeskProperties properties) {
    return properties.kb().path() != null
        ? properties.kb().path()
        : properties.dataDir().resolve("kb-published");
  }

  /** The draft's id for a ticket: {@code INC-2026-000042} gives {@code KB-T2026-000042}. */
  static String idFor(Ticket ticket) {
    String digits = ticket.id().replaceAll("[^0-9-]", "").replaceAll("^-+", "");
    return "KB-T" + (digits.isEmpty() ? "0" : digits);
  }

  /** Drafts an article from a ticket, replacing an earlier draft of the same ticket. */
  Draft draft(Ticket ticket) {
    String id = idFor(ticket);
    String text = ArticleDraft.markdown(id, ticket);
    write(drafts, id, text);
    return find(id).orElseThrow();
  }

  List<Draft> list() {
    if (!Files.isDirectory(drafts)) {
      return List.of();
    }
    List<Draft> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(drafts)) {
      for (Path p :
          files.filter(f -> f.getFileName().toString().endsWith(".md")).sorted().toList()) {
        String name = p.getFileName().toString();
        find(name.substring(0, name.length() - 3))
            .ifPresent(d -> out.add(new Draft(d.id(), d.title(), d.updatedAt(), null)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  Optional<Draft> find(String id) {
    if (!validId(id)) {
      return Optional.empty();
    }
    Path p = drafts.resolve(id + ".md");
    try {
      String text = Files.readString(p, StandardCharsets.UTF_8);
      Matcher m = TITLE.matcher(text);
      String title = m.find() ? unquote(m.group(1).strip()) : id;
      return Optional.of(new Draft(id, title, Files.getLastModifiedTime(p).toInstant(), text));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replaces a draft's text after an admin's edit. */
  Optional<Draft> save(String id, String text) {
    if (find(id).isEmpty()) {
      return Optional.empty();
    }
    check(text);
    write(drafts, id, text);
    return find(id);
  }

  /** Moves a draft into the served knowledge base; returns the published file's name. */
  Optional<String> publish(String id) {
    Optional<Draft> draft = find(id);
    if (draft.isEmpty()) {
      return Optional.empty();
    }
    check(draft.get().text());
    write(published, id, draft.get().text());
    try {
      Files.deleteIfExists(drafts.resolve(id + ".md"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Optional.of(id + ".md");
  }

  static boolean validId(String id) {
    return id != null && ID.matcher(id).matches() && !id.contains("..");
  }

  /** A publishable article: front matter with an id and a title, within the size limit. */
  static void check(String text) {
    if (text == null || text.isBlank()) {
      throw new DraftException("The article is empty.");
    }
    if (text.length() > MAX_DRAFT) {
      throw new DraftException("The article is too long: at most " + MAX_DRAFT + " characters.");
    }
    if (!text.startsWith("---\n") && !text.startsWith("---\r\n")) {
      throw new DraftException("The article must start with front matter between --- lines.");
    }
    int end = text.indexOf("\n---", 3);
    if (end < 0) {
      throw new DraftException("The front matter must end with a --- line.");
    }
    String front = text.substring(0, end);
    if (!FRONT_ID.matcher(front).find() || !FRONT_TITLE.matcher(front).find()) {
      throw new DraftException("The front matter must give an id and a title.");
    }
  }

  /** Writes through a temporary file, so a scan of the folder never reads half an article. */
  private static void write(Path dir, String id, String text) {
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".draft-", ".tmp");
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      try {
        Files.move(
            tmp,
            dir.resolve(id + ".md"),
            StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, dir.resolve(id + ".md"), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String unquote(String s) {
    if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
      return s.substring(1, s.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
    }
    return s;
  }

  /** A draft that cannot be saved or published, with the reason for the admin. */
  static final class DraftException extends RuntimeException {
    DraftException(String message) {
      super(message);
    }
  }
}
