package dev.tier0.bot.internal.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The approved-software catalogue: what employees may install themselves, and how. Anything else
 * needs an approval, which the software-request flow turns into a ticket.
 */
public final class SoftwareCatalogue {

  static final SoftwareCatalogue EMPTY = new SoftwareCatalogue(List.of());

  /**
   * One approved item.
   *
   * @param id stable id, e.g. {@code zoom}
   * @param name the product's name
   * @param aliases other ways people name it
   * @param install how to install it, plain text
   */
  public record Item(String id, String name, List<String> aliases, String install) {
    public Item {
      aliases = List.copyOf(aliases);
    }
  }

  private final List<Item> items;

  SoftwareCatalogue(List<Item> items) {
    this.items = List.copyOf(items);
  }

  /** Parses {@code catalogue: [{id, name, aliases, install}]}; throws on a malformed file. */
  static SoftwareCatalogue parse(String yaml) {
    Object doc = Yamls.load(yaml);
    if (!(doc instanceof Map<?, ?> root) || !(root.get("catalogue") instanceof List<?> list)) {
      throw new IllegalArgumentException("expected a list under catalogue");
    }
    List<Item> items = new ArrayList<>();
    for (Object o : list) {
      if (!(o instanceof Map<?, ?> m) || m.get("id") == null || m.get("name") == null) {
        throw new IllegalArgumentException("every catalogue item needs id and name");
      }
      if (m.get("install") == null) {
        throw new IllegalArgumentException("catalogue item " + m.get("id") + " needs install");
      }
      List<String> aliases = new ArrayList<>();
      if (m.get("aliases") instanceof List<?> a) {
        a.forEach(x -> aliases.add(String.valueOf(x)));
      }
      items.add(
          new Item(
              String.valueOf(m.get("id")),
              String.valueOf(m.get("name")),
              aliases,
              String.valueOf(m.get("install")).strip()));
    }
    return new SoftwareCatalogue(items);
  }

  /** Every item. */
  public List<Item> items() {
    return items;
  }

  /** The item a user's words name (its name or an alias as whole words), if any. */
  public Optional<Item> lookup(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    String t = " " + normal(text) + " ";
    for (Item item : items) {
      List<String> names = new ArrayList<>(item.aliases());
      names.add(item.name());
      names.add(item.id());
      for (String name : names) {
        String n = normal(name);
        if (!n.isBlank() && t.contains(" " + n + " ")) {
          return Optional.of(item);
        }
      }
    }
    return Optional.empty();
  }

  private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}+#]+");

  private static String normal(String s) {
    return NON_WORD.matcher(s.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
  }
}
