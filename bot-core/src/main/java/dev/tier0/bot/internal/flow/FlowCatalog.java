package dev.tier0.bot.internal.flow;

import dev.tier0.bot.HandoffReason;
import dev.tier0.bot.internal.flow.Step.Kind;
import dev.tier0.bot.internal.flow.Step.Option;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guided flows the desk can run, read and validated from YAML files (one flow per file) plus
 * the approved-software catalogue. A broken file is reported with its name and step and skipped;
 * the others load. Immutable and thread-safe once loaded.
 */
public final class FlowCatalog {

  private static final Logger log = LoggerFactory.getLogger(FlowCatalog.class);

  /** The catalogue's file name inside the flows folder. */
  public static final String SOFTWARE_CATALOGUE = "software-catalogue.yml";

  /** Lists the flow files on the classpath, because a jar cannot be listed portably. */
  public static final String CLASSPATH_INDEX = "flows/index.txt";

  private static final List<String> KINDS =
      List.of("say", "ask", "branch", "action", "article", "confirm", "resolve", "end", "handoff");

  private final List<Flow> flows;
  private final List<FlowProblem> problems;
  private final SoftwareCatalogue catalogue;

  private FlowCatalog(List<Flow> flows, List<FlowProblem> problems, SoftwareCatalogue catalogue) {
    this.flows = List.copyOf(flows);
    this.problems = List.copyOf(problems);
    this.catalogue = catalogue;
  }

  /** A catalog without flows: every intent gets the usual article answer. */
  public static FlowCatalog empty() {
    return new FlowCatalog(List.of(), List.of(), SoftwareCatalogue.EMPTY);
  }

  /**
   * Loads flows from sources: file name to YAML text. The file {@value #SOFTWARE_CATALOGUE} is the
   * software catalogue; every other {@code .yml}/{@code .yaml} file is one flow.
   */
  public static FlowCatalog load(Map<String, String> sources) {
    List<Flow> flows = new ArrayList<>();
    List<FlowProblem> problems = new ArrayList<>();
    SoftwareCatalogue catalogue = SoftwareCatalogue.EMPTY;
    Map<String, String> sorted = new TreeMap<>(sources);
    String catalogueText = sorted.remove(SOFTWARE_CATALOGUE);
    if (catalogueText != null) {
      try {
        catalogue = SoftwareCatalogue.parse(catalogueText);
      } catch (RuntimeException e) {
        problems.add(new FlowProblem(SOFTWARE_CATALOGUE, null, message(e)));
      }
    }
    Map<String, String> intentOwners = new LinkedHashMap<>();
    Map<String, String> ids = new LinkedHashMap<>();
    for (Map.Entry<String, String> source : sorted.entrySet()) {
      String file = source.getKey();
      List<FlowProblem> found = new ArrayList<>();
      Flow flow = parse(file, source.getValue(), found);
      if (flow != null && ids.containsKey(flow.id())) {
        found.add(
            new FlowProblem(
                file, null, "flow id " + flow.id() + " is also used by " + ids.get(flow.id())));
      }
      if (flow != null) {
        for (String intent : flow.intents()) {
          if (intentOwners.containsKey(intent)) {
            found.add(
                new FlowProblem(
                    file,
                    null,
                    "intent "
                        + intent
                        + " already starts the flow in "
                        + intentOwners.get(intent)));
          }
        }
      }
      if (flow == null || !found.isEmpty()) {
        problems.addAll(found);
        continue;
      }
      ids.put(flow.id(), file);
      flow.intents().forEach(i -> intentOwners.put(i, file));
      flows.add(flow);
    }
    for (FlowProblem p : problems) {
      log.warn("Flow skipped: {}", p);
    }
    return new FlowCatalog(flows, problems, catalogue);
  }

  /** Loads every {@code .yml}/{@code .yaml} file of a folder. An unreadable folder is a problem. */
  public static FlowCatalog load(Path directory) {
    Map<String, String> sources = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.sorted().toList()) {
        String name = file.getFileName().toString();
        if (Files.isRegularFile(file) && (name.endsWith(".yml") || name.endsWith(".yaml"))) {
          // Lenient decoding: a file with bad bytes is reported by the parser, not fatal here.
          sources.put(name, new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        }
      }
    } catch (IOException | UncheckedIOException e) {
      FlowCatalog empty = empty();
      return new FlowCatalog(
          List.of(),
          List.of(new FlowProblem(directory.toString(), null, "cannot read: " + e.getMessage())),
          empty.catalogue);
    }
    return load(sources);
  }

  /** Loads the files listed in {@value #CLASSPATH_INDEX} (one name a line) from the classpath. */
  public static FlowCatalog loadClasspath(ClassLoader loader) {
    String index = resource(loader, CLASSPATH_INDEX);
    if (index == null) {
      return new FlowCatalog(
          List.of(),
          List.of(new FlowProblem(CLASSPATH_INDEX, null, "not found on the classpath")),
          SoftwareCatalogue.EMPTY);
    }
    Map<String, String> sources = new LinkedHashMap<>();
    List<FlowProblem> missing = new ArrayList<>();
    for (String line : index.split("\\R")) {
      String name = line.strip();
      if (name.isEmpty() || name.startsWith("#")) {
        continue;
      }
      String text = resource(loader, "flows/" + name);
      if (text == null) {
        missing.add(new FlowProblem(name, null, "listed in the index but not on the classpath"));
      } else {
        sources.put(name, text);
      }
    }
    FlowCatalog loaded = load(sources);
    if (missing.isEmpty()) {
      return loaded;
    }
    List<FlowProblem> all = new ArrayList<>(missing);
    all.addAll(loaded.problems);
    return new FlowCatalog(loaded.flows, all, loaded.catalogue);
  }

  private static String resource(ClassLoader loader, String name) {
    try (InputStream in = loader.getResourceAsStream(name)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    }
  }

  /** The flows that loaded. */
  public List<Flow> flows() {
    return flows;
  }

  /** What was skipped and why. */
  public List<FlowProblem> problems() {
    return problems;
  }

  /** The approved-software catalogue (empty when none was given). */
  public SoftwareCatalogue catalogue() {
    return catalogue;
  }

  /** The flow an intent starts, if any. */
  public Optional<Flow> forIntent(String intent) {
    return flows.stream().filter(f -> f.intents().contains(intent)).findFirst();
  }

  /** The flow with this id, if loaded. */
  public Optional<Flow> find(String id) {
    return flows.stream().filter(f -> f.id().equals(id)).findFirst();
  }

  // ---- parsing and validation ----

  private static Flow parse(String file, String text, List<FlowProblem> problems) {
    Object doc;
    try {
      doc = Yamls.load(text);
    } catch (RuntimeException e) {
      problems.add(new FlowProblem(file, null, "not valid YAML: " + message(e)));
      return null;
    }
    if (!(doc instanceof Map<?, ?> root)) {
      problems.add(new FlowProblem(file, null, "must be a YAML mapping with id, title and steps"));
      return null;
    }
    String id = string(root.get("id"));
    String title = string(root.get("title"));
    if (id == null) {
      problems.add(new FlowProblem(file, null, "missing id"));
    }
    if (title == null) {
      problems.add(new FlowProblem(file, null, "missing title"));
    }
    List<String> intents = new ArrayList<>();
    if (root.get("intents") instanceof List<?> list) {
      list.stream().map(FlowCatalog::string).filter(s -> s != null).forEach(intents::add);
    } else if (root.get("intents") != null) {
      problems.add(new FlowProblem(file, null, "intents must be a list"));
    }
    if (!(root.get("steps") instanceof List<?> rawSteps) || rawSteps.isEmpty()) {
      problems.add(new FlowProblem(file, null, "missing steps (a non-empty list)"));
      return null;
    }
    Map<String, Step> steps = new LinkedHashMap<>();
    int n = 0;
    for (Object raw : rawSteps) {
      n++;
      if (!(raw instanceof Map<?, ?> m)) {
        problems.add(new FlowProblem(file, "#" + n, "a step must be a mapping"));
        continue;
      }
      String stepId = string(m.get("id"));
      String where = stepId == null ? "#" + n : stepId;
      if (stepId == null) {
        problems.add(new FlowProblem(file, where, "missing id"));
        continue;
      }
      if (steps.containsKey(stepId)) {
        problems.add(new FlowProblem(file, where, "duplicate step id"));
        continue;
      }
      Step step = step(file, where, m, problems);
      if (step != null) {
        steps.put(stepId, step);
      }
    }
    String start = string(root.get("start"));
    if (start == null && !steps.isEmpty()) {
      start = steps.keySet().iterator().next();
    }
    if (start != null && !steps.containsKey(start)) {
      problems.add(new FlowProblem(file, null, "start refers to unknown step " + start));
    }
    for (Step s : steps.values()) {
      checkReferences(file, s, steps, problems);
    }
    return problems.isEmpty() ? new Flow(id, title, intents, start, steps, file) : null;
  }

  private static Step step(String file, String where, Map<?, ?> m, List<FlowProblem> problems) {
    List<String> kinds = KINDS.stream().filter(m::containsKey).toList();
    if (kinds.size() != 1) {
      problems.add(
          new FlowProblem(
              file,
              where,
              kinds.isEmpty()
                  ? "needs one of " + String.join(", ", KINDS)
                  : "has more than one kind: " + String.join(", ", kinds)));
      return null;
    }
    String kindName = kinds.get(0);
    Kind kind = Kind.valueOf(kindName.toUpperCase(Locale.ROOT));
    Object value = m.get(kindName);
    String text = string(m.get("text"));
    String next = string(m.get("next"));
    List<Option> options = new ArrayList<>();
    String slot = string(m.get("slot"));
    String pattern = string(m.get("pattern"));
    String entity = string(m.get("entity"));
    boolean secret = Boolean.TRUE.equals(m.get("secret"));
    Map<String, String> cases = new LinkedHashMap<>();
    String otherwise = string(m.get("default"));
    String action = null;
    Map<String, String> outcomes = new LinkedHashMap<>();
    String article = null;
    String yes = string(m.get("yes"));
    HandoffReason reason = null;
    int before = problems.size();
    switch (kind) {
      case SAY, RESOLVE, CONFIRM, END -> {
        text = text == null && value instanceof String ? string(value) : text;
        if (text == null && kind == Kind.SAY) {
          problems.add(new FlowProblem(file, where, "say needs a text"));
        }
        if ((kind == Kind.SAY || kind == Kind.CONFIRM) && next == null) {
          problems.add(new FlowProblem(file, where, kindName + " needs next"));
        }
      }
      case ASK -> {
        text = string(value);
        if (text == null) {
          problems.add(new FlowProblem(file, where, "ask needs a question"));
        }
        if (m.get("choices") instanceof List<?> list) {
          for (Object o : list) {
            if (o instanceof Map<?, ?> c && string(c.get("label")) != null) {
              String label = string(c.get("label"));
              String v = string(c.get("value"));
              options.add(new Option(label, v == null ? label : v, string(c.get("next"))));
            } else {
              problems.add(new FlowProblem(file, where, "every choice needs a label"));
            }
          }
          if (options.isEmpty()) {
            problems.add(new FlowProblem(file, where, "choices is empty"));
          }
          if (next == null && options.stream().anyMatch(o -> o.next() == null)) {
            problems.add(
                new FlowProblem(file, where, "a choice without next needs the step's next"));
          }
        } else {
          if (m.get("choices") != null) {
            problems.add(new FlowProblem(file, where, "choices must be a list"));
          }
          if (slot == null && !secret) {
            problems.add(new FlowProblem(file, where, "a free-text ask needs a slot"));
          }
          if (next == null) {
            problems.add(new FlowProblem(file, where, "ask needs next"));
          }
        }
        if (pattern != null) {
          try {
            Pattern.compile(pattern);
          } catch (PatternSyntaxException e) {
            problems.add(new FlowProblem(file, where, "pattern is not a valid regex"));
          }
        }
      }
      case BRANCH -> {
        slot = string(value);
        if (slot == null) {
          problems.add(new FlowProblem(file, where, "branch needs the slot to test"));
        }
        if (m.get("cases") instanceof Map<?, ?> cs) {
          cs.forEach((k, v) -> cases.put(String.valueOf(k).toLowerCase(Locale.ROOT), string(v)));
        } else {
          problems.add(new FlowProblem(file, where, "branch needs cases"));
        }
        if (otherwise == null) {
          problems.add(new FlowProblem(file, where, "branch needs a default"));
        }
      }
      case ACTION -> {
        action = string(value);
        if (action == null || !FlowActions.OUTCOMES.containsKey(action)) {
          problems.add(
              new FlowProblem(
                  file,
                  where,
                  "unknown action "
                      + action
                      + " (known: "
                      + String.join(", ", new TreeMap<>(FlowActions.OUTCOMES).keySet())
                      + ")"));
        } else {
          if (m.get("on") instanceof Map<?, ?> on) {
            for (Map.Entry<?, ?> e : on.entrySet()) {
              String outcome = String.valueOf(e.getKey());
              if (!FlowActions.OUTCOMES.get(action).contains(outcome)) {
                problems.add(
                    new FlowProblem(
                        file,
                        where,
                        "action "
                            + action
                            + " has no outcome "
                            + outcome
                            + " (it has "
                            + String.join(", ", FlowActions.OUTCOMES.get(action))
                            + ")"));
              }
              outcomes.put(outcome, string(e.getValue()));
            }
          } else if (m.get("on") != null) {
            problems.add(new FlowProblem(file, where, "on must map outcomes to steps"));
          }
          if (next == null && !outcomes.containsKey(FlowActions.success(action))) {
            problems.add(
                new FlowProblem(
                    file, where, "action needs next or on." + FlowActions.success(action)));
          }
        }
      }
      case ARTICLE -> {
        article = string(value);
        if (article == null) {
          problems.add(new FlowProblem(file, where, "article needs a KB id"));
        }
        if (next == null) {
          problems.add(new FlowProblem(file, where, "article needs next"));
        }
      }
      case HANDOFF -> {
        String r = string(value);
        if (r != null && !r.equalsIgnoreCase("true")) {
          try {
            reason = HandoffReason.valueOf(r.toUpperCase(Locale.ROOT));
          } catch (IllegalArgumentException e) {
            problems.add(new FlowProblem(file, where, "unknown hand-off reason " + r));
          }
        }
        if (reason == null) {
          reason = HandoffReason.FLOW_FAILED;
        }
      }
    }
    if (problems.size() > before) {
      return null;
    }
    return new Step(
        string(m.get("id")),
        kind,
        text,
        next,
        options,
        slot,
        pattern,
        entity,
        secret,
        cases,
        otherwise,
        action,
        outcomes,
        article,
        yes,
        reason);
  }

  private static void checkReferences(
      String file, Step s, Map<String, Step> steps, List<FlowProblem> problems) {
    List<String> refs = new ArrayList<>();
    refs.add(s.next());
    refs.add(s.otherwise());
    refs.add(s.yes());
    s.options().forEach(o -> refs.add(o.next()));
    refs.addAll(s.cases().values());
    refs.addAll(s.outcomes().values());
    for (String ref : refs) {
      if (ref != null && !steps.containsKey(ref)) {
        problems.add(new FlowProblem(file, s.id(), "refers to unknown step " + ref));
      }
    }
    if (s.secret()) {
      Step after = steps.get(s.next());
      if (after != null && !(after.kind() == Kind.ACTION && "verify_otp".equals(after.action()))) {
        problems.add(
            new FlowProblem(
                file, s.id(), "a secret ask must be followed by the verify_otp action"));
      }
    }
  }

  private static String string(Object o) {
    if (o == null) {
      return null;
    }
    String s = String.valueOf(o).strip();
    return s.isEmpty() ? null : s;
  }

  private static String message(RuntimeException e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.replaceAll("\\s+", " ").strip();
  }
}
