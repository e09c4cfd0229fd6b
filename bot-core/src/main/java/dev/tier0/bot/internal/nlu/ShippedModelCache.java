package dev.tier0.bot.internal.nlu;

import dev.tier0.bot.NluResult;
import dev.tier0.bot.internal.nlu.TrainingData.Example;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shipped intent model, trained once and then read from a folder on later starts: training and
 * calibrating take many seconds of CPU, reading the model a fraction of that.
 *
 * <p>A cached model is used only when it was trained on exactly the shipped data with exactly these
 * settings (its file name carries a SHA-256 of both) and when it still answers the validation lines
 * exactly as it did right after training. The second check catches a new version of the feature or
 * scoring code, which would read an old model differently; then the model is trained again and
 * replaces the old file. Any problem with the folder means training, never a failed start.
 */
public final class ShippedModelCache {

  private static final Logger log = LoggerFactory.getLogger(ShippedModelCache.class);
  private static final String[] RESOURCES = {
    "nlu/train.jsonl", "nlu/intents.jsonl", "nlu/validation.jsonl"
  };
  private static final String PREFIX = "intent-model-";
  private static final int ENCODER_PROBES = 100;

  private ShippedModelCache() {}

  /**
   * The shipped model from {@code folder} when a valid one is there, else trained (and calibrated)
   * and written there for the next start.
   *
   * @param folder where models are kept; null trains every time
   */
  public static OpenNlpIntentClassifier shipped(
      ClassLoader loader, NluSettings settings, Path folder) throws IOException {
    if (folder == null) {
      return OpenNlpIntentClassifier.shipped(loader, settings);
    }
    String key = key(loader, settings);
    Path model = folder.resolve(PREFIX + key + ".bin");
    Path check = folder.resolve(PREFIX + key + ".check");
    // With a sentence encoder every probe costs milliseconds at each start: fewer suffice to notice
    // a changed reading of the kept model.
    List<String> probes = probes(loader, settings.usesEncoder() ? ENCODER_PROBES : 1000);
    OpenNlpIntentClassifier cached = readIfValid(model, check, probes);
    if (cached != null) {
      log.info("Intent model read from {}", model.getFileName());
      return cached;
    }
    OpenNlpIntentClassifier trained = OpenNlpIntentClassifier.shipped(loader, settings);
    try {
      Files.createDirectories(folder);
      write(folder, model, out -> trained.save(out));
      write(folder, check, out -> Files.writeString(out, answers(trained, probes)));
      removeOthers(folder, key);
    } catch (IOException | RuntimeException e) {
      log.warn("Intent model not kept in {}: {}", folder, e.toString());
    }
    return trained;
  }

  private static OpenNlpIntentClassifier readIfValid(Path model, Path check, List<String> probes) {
    if (!Files.isRegularFile(model) || !Files.isRegularFile(check)) {
      return null;
    }
    try {
      OpenNlpIntentClassifier loaded = OpenNlpIntentClassifier.load(model);
      if (answers(loaded, probes).equals(Files.readString(check))) {
        return loaded;
      }
      log.info("The kept intent model answers differently with this version: training again");
    } catch (IOException | RuntimeException e) {
      log.warn("The kept intent model {} is unreadable ({}): training again", model, e.toString());
    }
    return null;
  }

  /** What the model answers to each probe, exactly, as one digest. */
  static String answers(OpenNlpIntentClassifier classifier, List<String> probes) {
    MessageDigest digest = sha256();
    for (String probe : probes) {
      NluResult r = classifier.parse(probe);
      String line = r.intent() + '|' + Double.toHexString(r.confidence()) + '\n';
      digest.update(line.getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** The validation lines, or the first training lines when there is no validation split. */
  private static List<String> probes(ClassLoader loader, int limit) throws IOException {
    List<Example> examples =
        TrainingData.readResource("nlu/validation.jsonl", loader, false).orElseGet(() -> List.of());
    if (examples.isEmpty()) {
      examples = TrainingData.readResource("nlu/train.jsonl", loader, true).orElseThrow();
    }
    return examples.stream().limit(limit).map(Example::text).toList();
  }

  private static String key(ClassLoader loader, NluSettings settings) throws IOException {
    MessageDigest digest = sha256();
    for (String resource : RESOURCES) {
      digest.update(resource.getBytes(StandardCharsets.UTF_8));
      try (InputStream in = loader.getResourceAsStream(resource)) {
        byte[] bytes = in == null ? new byte[0] : in.readAllBytes();
        digest.update(Long.toString(bytes.length).getBytes(StandardCharsets.UTF_8));
        digest.update(bytes);
      }
    }
    digest.update(settings.toString().getBytes(StandardCharsets.UTF_8));
    // A model kept from before the sentence-vector model's hidden layer would still pass the probe
    // check (it reads back exactly as it was trained); the width in the key retrains it once.
    if (settings.usesEncoder()) {
      digest.update(("hidden " + EmbeddingHead.HIDDEN).getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(digest.digest()).substring(0, 32);
  }

  private interface Writer {
    void write(Path file) throws IOException;
  }

  /** Writes next to the target and moves into place, so a reader never sees half a file. */
  private static void write(Path folder, Path target, Writer writer) throws IOException {
    Path temp = Files.createTempFile(folder, PREFIX, ".tmp");
    try {
      writer.write(temp);
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Models of other data or settings are never read again: they only take space. */
  private static void removeOthers(Path folder, String key) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, PREFIX + "*")) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (!name.startsWith(PREFIX + key) && !name.endsWith(".tmp")) {
          Files.deleteIfExists(f);
        }
      }
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform has SHA-256", e);
    }
  }
}
