package dev.tier0.bot.internal.flow;

import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Safe YAML reading for flow files. Only {@code true}/{@code false} are booleans (as in YAML 1.2):
 * YAML 1.1 would turn the keys {@code on:} and {@code yes:} and the answers yes/no into booleans.
 */
final class Yamls {

  private static final Pattern BOOL = Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$");

  private Yamls() {}

  static Object load(String text) {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(1_000_000);
    Resolver resolver =
        new Resolver() {
          @Override
          protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, BOOL, "tTfF");
            addImplicitResolver(Tag.INT, INT, "-+0123456789");
            addImplicitResolver(Tag.FLOAT, FLOAT, "-+0123456789.");
            addImplicitResolver(Tag.NULL, NULL, "~nN\0");
            addImplicitResolver(Tag.NULL, EMPTY, null);
          }
        };
    DumperOptions dumper = new DumperOptions();
    return new Yaml(
            new SafeConstructor(options), new Representer(dumper), dumper, options, resolver)
        .load(text == null ? "" : text);
  }
}
