package dev.tier0.bot.internal.nlu;

import dev.tier0.bot.NluResult;
import dev.tier0.bot.spi.IntentClassifier.IntentInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Labelled utterances and the intents they map to: the intent model's training data, kept as data.
 *
 * <p>Read from JSON lines ({@code {"text":"...","intent":"..."}} plus an intents file of {@code
 * {"intent":"x","category":"c","label":"Human label"}}), from the {@code nlu/} classpath resources
 * the application jar carries, or from Rasa NLU YAML. The intent {@code oos} is read as {@code
 * out_of_scope}. An intent without an intents entry is its own category.
 *
 * @param examples the labelled utterances, in file order
 * @param intents what each intent is, by name
 */
public record TrainingData(List<Example> examples, Map<String, IntentInfo> intents) {

  private static final Pattern RASA_ENTITY =
      Pattern.compile("\\[([^\\]]*)\\](?:\\([^)]*\\)|\\{[^}]*\\})");

  /**
   * One labelled utterance.
   *
   * @param text what the user wrote
   * @param intent the intent it expresses ({@code out_of_scope} when none)
   */
  public record Example(String text, String intent) {}

  public TrainingData {
    examples = List.copyOf(examples);
    Map<String, IntentInfo> all = new LinkedHashMap<>(intents);
    for (Example example : examples) {
      all.computeIfAbsent(
          example.intent(), name -> new IntentInfo(name, name, name.replace('_', ' ')));
    }
    intents = java.util.Collections.unmodifiableMap(all);
  }

  /** The canonical spelling of an intent label: {@code oos} is {@code out_of_scope}. */
  public static String canonicalIntent(String intent) {
    if (intent == null) {
      return null;
    }
    String trimmed = intent.trim();
    return trimmed.equalsIgnoreCase("oos") ? NluResult.OUT_OF_SCOPE : trimmed;
  }

  /** Reads utterances and, when {@code intentsFile} is not null, the intents they map to. */
  public static TrainingData fromJsonl(Path dataFile, Path intentsFile) throws IOException {
    List<Example> examples;
    try (Reader reader = Files.newBufferedReader(dataFile, StandardCharsets.UTF_8)) {
      examples = readExamples(reader, dataFile.toString());
    }
    Map<String, IntentInfo> intents = Map.of();
    if (intentsFile != null) {
      try (Reader reader = Files.newBufferedReader(intentsFile, StandardCharsets.UTF_8)) {
        intents = readIntents(reader, intentsFile.toString());
      }
    }
    return new TrainingData(examples, intents);
  }

  /**
   * Reads {@code <folder>/train.jsonl} and {@code <folder>/intents.jsonl} from the class path, e.g.
   * {@code fromClasspath("nlu", loader)} for the data the application jar ships.
   *
   * @throws IOException when the training file is missing or unreadable
   */
  public static TrainingData fromClasspath(String folder, ClassLoader loader) throws IOException {
    List<Example> examples = readResource(folder + "/train.jsonl", loader, true).orElseThrow();
    Map<String, IntentInfo> intents = Map.of();
    try (InputStream in = loader.getResourceAsStream(folder + "/intents.jsonl")) {
      if (in != null) {
        intents = readIntents(utf8(in), folder + "/intents.jsonl");
      }
    }
    return new TrainingData(examples, intents);
  }

  /** Reads an intents file: one {@code {"intent","category","label"}} per line. */
  public static Map<String, IntentInfo> intentsFromJsonl(Path intentsFile) throws IOException {
    try (Reader reader = Files.newBufferedReader(intentsFile, StandardCharsets.UTF_8)) {
      return readIntents(reader, intentsFile.toString());
    }
  }

  /** Utterances of a class path resource, empty when there is none. */
  static java.util.Optional<List<Example>> readResource(
      String resource, ClassLoader loader, boolean required) throws IOException {
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        if (required) {
          throw new IOException("no class path resource " + resource);
        }
        return java.util.Optional.empty();
      }
      return java.util.Optional.of(readExamples(utf8(in), resource));
    }
  }

  /** Reads utterances JSON lines; blank lines are skipped, a malformed line is an error. */
  public static List<Example> readExamples(Reader reader, String source) throws IOException {
    return JsonLines.read(
        reader,
        source,
        (node, where) -> {
          String text = node.path("text").asString("");
          String intent = canonicalIntent(node.path("intent").asString(null));
          if (intent == null || intent.isEmpty()) {
            throw new IOException(where + ": no intent");
          }
          return new Example(text, intent);
        });
  }

  static Map<String, IntentInfo> readIntents(Reader reader, String source) throws IOException {
    Map<String, IntentInfo> out = new LinkedHashMap<>();
    for (IntentInfo info :
        JsonLines.read(
            reader,
            source,
            (node, where) -> {
              String name = canonicalIntent(node.path("intent").asString(null));
              if (name == null || name.isEmpty()) {
                throw new IOException(where + ": no intent");
              }
              String category = node.path("category").asString(name);
              String label = node.path("label").asString(name.replace('_', ' '));
              return new IntentInfo(name, category, label);
            })) {
      out.put(info.name(), info);
    }
    return out;
  }

  /**
   * Imports Rasa NLU YAML ({@code nlu:} / {@code - intent:} / {@code examples: |}). Entity
   * annotations such as {@code [Outlook](application)} keep their text; synonyms, regexes and
   * lookups are ignored.
   */
  public static TrainingData fromRasaYaml(Reader reader) throws IOException {
    Object root;
    try {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
    } catch (RuntimeException e) {
      throw new IOException("not valid YAML: " + e.getMessage(), e);
    }
    List<Example> examples = new ArrayList<>();
    if (root instanceof Map<?, ?> map && map.get("nlu") instanceof List<?> items) {
      for (Object item : items) {
        if (item instanceof Map<?, ?> block
            && block.get("intent") instanceof String intent
            && block.get("examples") instanceof String text) {
          for (String line : text.split("\\R")) {
            String trimmed = line.strip();
            if (!trimmed.startsWith("-")) {
              continue;
            }
            String utterance = RASA_ENTITY.matcher(trimmed.substring(1).strip()).replaceAll("$1");
            if (!utterance.isEmpty()) {
              examples.add(new Example(utterance, canonicalIntent(intent)));
            }
          }
        }
      }
    } else {
      throw new IOException("no nlu: list in the Rasa file");
    }
    return new TrainingData(examples, Map.of());
  }

  /** Reads a Rasa NLU YAML file. */
  public static TrainingData fromRasaYaml(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return fromRasaYaml(reader);
    }
  }

  /** The same examples with these intents' categories and labels. */
  public TrainingData withIntents(Map<String, IntentInfo> described) {
    Map<String, IntentInfo> merged = new LinkedHashMap<>(intents);
    merged.putAll(described);
    return new TrainingData(examples, merged);
  }

  private static Reader utf8(InputStream in) {
    return new InputStreamReader(in, StandardCharsets.UTF_8);
  }
}
