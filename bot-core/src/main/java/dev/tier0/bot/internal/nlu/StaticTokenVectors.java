package dev.tier0.bot.internal.nlu;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * A sentence encoder that costs microseconds: one vector per word piece of all-MiniLM-L6-v2's
 * vocabulary, distilled from the bundled transformer, and a sentence's vector is the normalised
 * weighted mean of its pieces' vectors (the Model2Vec recipe: static embeddings distilled from a
 * sentence transformer).
 *
 * <p>Each piece's vector is the transformer's mean-pooled output for {@code [CLS] piece [SEP]},
 * exactly what the transformer gives a one-piece sentence; the mean over the vocabulary is
 * subtracted, since it is shared by every piece and only drowns what tells them apart. A piece
 * weighs {@code log(1 + id)}: the vocabulary lists word pieces roughly by frequency, so that
 * down-weights common words the way a frequency weighting would, without frequencies.
 *
 * <p>Distilling runs the transformer on 29,523 three-piece inputs in batches: about 7 s on two
 * cores. The table (47 MB) is kept in a file for later starts, named by a digest of the model, the
 * tokenizer and this recipe. Thread-safe after construction.
 */
final class StaticTokenVectors {

  private static final Logger log = LoggerFactory.getLogger(StaticTokenVectors.class);

  private static final String MODEL = "all-minilm-l6-v2-q.onnx";
  private static final String TOKENIZER = "all-minilm-l6-v2-q-tokenizer.json";
  private static final long CLS = 101;
  private static final long SEP = 102;
  private static final int BATCH = 256;

  /** Changes whenever {@link #postProcess} or the pooling changes, so kept tables are remade. */
  private static final int RECIPE = 1;

  /** Ids below this are padding, unused slots and special pieces ({@code [CLS]} is 101). */
  private static final int FIRST_PIECE = 999;

  private static final int MAX_KEPT_WORDS = 20_000;
  private static final int MAX_KEPT_LENGTH = 40;

  private final HuggingFaceTokenizer tokenizer;
  private final Map<String, long[]> kept = new ConcurrentHashMap<>();
  private final int dimensions;

  /** Row-major {@code vocabulary × dimensions}, weighted and centred. */
  private final float[] table;

  private final int vocabulary;

  private StaticTokenVectors(HuggingFaceTokenizer tokenizer, float[] table, int dimensions) {
    this.tokenizer = tokenizer;
    this.table = table;
    this.dimensions = dimensions;
    this.vocabulary = table.length / dimensions;
  }

  /**
   * The vectors of the transformer and tokenizer on the class path: read from {@code folder} when
   * an earlier start distilled the same model there, else distilled and written there for the next
   * start (a folder that cannot be written only costs the next start the distilling again).
   */
  static StaticTokenVectors load(ClassLoader loader, int dimensions, Path folder)
      throws IOException, OrtException {
    byte[] tokenizerFile;
    try (InputStream in = resource(loader, TOKENIZER)) {
      tokenizerFile = in.readAllBytes();
    }
    // The file pads every input to 128 pieces and adds [CLS] and [SEP]: neither has a vector.
    HuggingFaceTokenizer tokenizer =
        HuggingFaceTokenizer.newInstance(
            new ByteArrayInputStream(tokenizerFile),
            Map.of("padding", "false", "truncation", "false", "addSpecialTokens", "false"));
    int vocabulary =
        JsonMapper.builder().build().readTree(tokenizerFile).path("model").path("vocab").size();
    if (vocabulary <= FIRST_PIECE) {
      throw new IOException("the sentence encoder's tokenizer has no vocabulary");
    }
    byte[] model;
    try (InputStream in = resource(loader, MODEL)) {
      model = in.readAllBytes();
    }
    Path file = folder.resolve("minilm-static-" + key(model, tokenizerFile, dimensions) + ".bin");
    float[] table = read(file, vocabulary * dimensions);
    if (table == null) {
      table = distill(model, vocabulary, dimensions);
      write(file, table);
    }
    return new StaticTokenVectors(tokenizer, table, dimensions);
  }

  /** Names what the table is made of: the model, the tokenizer, the recipe and its version. */
  private static String key(byte[] model, byte[] tokenizer, int dimensions) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(model);
      digest.update(tokenizer);
      digest.update(("recipe " + RECIPE + " " + dimensions).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest.digest(), 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform has SHA-256", e);
    }
  }

  /** The kept table, or null when there is none or it is not whole (then it is distilled again). */
  private static float[] read(Path file, int length) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      byte[] bytes = Files.readAllBytes(file);
      int body = Integer.BYTES + length * Float.BYTES;
      if (bytes.length != body + Long.BYTES) {
        return null;
      }
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      CRC32 crc = new CRC32();
      crc.update(bytes, 0, body);
      if (buffer.getInt(0) != length || buffer.getLong(body) != crc.getValue()) {
        return null;
      }
      float[] table = new float[length];
      buffer.position(Integer.BYTES);
      buffer.asFloatBuffer().get(table);
      return table;
    } catch (IOException | RuntimeException e) {
      log.debug("Kept static sentence vectors in {} not read", file, e);
      return null;
    }
  }

  /** Writes the table with its length and a CRC, whole or not at all (a rename). */
  private static void write(Path file, float[] table) {
    Path partial = null;
    try {
      Files.createDirectories(file.getParent());
      partial = Files.createTempFile(file.getParent(), "minilm-static", ".part");
      int body = Integer.BYTES + table.length * Float.BYTES;
      ByteBuffer buffer = ByteBuffer.allocate(body + Long.BYTES);
      buffer.putInt(table.length);
      buffer.asFloatBuffer().put(table);
      CRC32 crc = new CRC32();
      crc.update(buffer.array(), 0, body);
      buffer.putLong(body, crc.getValue());
      Files.write(partial, buffer.array());
      Files.move(
          partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      log.warn("Static sentence vectors not kept in {}: {}", file, e.toString());
      if (partial != null) {
        try {
          Files.deleteIfExists(partial);
        } catch (IOException ignored) {
          // The next start writes a new one; a stray part file holds no one up.
        }
      }
    }
  }

  /** Runs the transformer over every word piece of the vocabulary. */
  private static float[] distill(byte[] model, int vocabulary, int dimensions) throws OrtException {
    float[] table = new float[vocabulary * dimensions];
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = env.createSession(model, options)) {
      for (int from = FIRST_PIECE; from < vocabulary; from += BATCH) {
        int n = Math.min(BATCH, vocabulary - from);
        long[][] ids = new long[n][];
        long[][] mask = new long[n][];
        long[][] types = new long[n][3];
        for (int i = 0; i < n; i++) {
          ids[i] = new long[] {CLS, from + i, SEP};
          mask[i] = new long[] {1, 1, 1};
        }
        try (OnnxTensor idTensor = OnnxTensor.createTensor(env, ids);
            OnnxTensor maskTensor = OnnxTensor.createTensor(env, mask);
            OnnxTensor typeTensor = OnnxTensor.createTensor(env, types);
            OrtSession.Result result =
                session.run(
                    Map.of(
                        "input_ids", idTensor,
                        "attention_mask", maskTensor,
                        "token_type_ids", typeTensor))) {
          float[][][] out = (float[][][]) result.get(0).getValue();
          for (int i = 0; i < n; i++) {
            int row = (from + i) * dimensions;
            for (int d = 0; d < dimensions; d++) {
              table[row + d] = (out[i][0][d] + out[i][1][d] + out[i][2][d]) / 3f;
            }
          }
        }
      }
    }
    postProcess(table, vocabulary, dimensions);
    return table;
  }

  /** Centres the pieces' vectors on their mean, then weighs each piece by its place. */
  private static void postProcess(float[] table, int vocabulary, int dimensions) {
    double[] mean = new double[dimensions];
    for (int id = FIRST_PIECE; id < vocabulary; id++) {
      for (int d = 0; d < dimensions; d++) {
        mean[d] += table[id * dimensions + d];
      }
    }
    for (int d = 0; d < dimensions; d++) {
      mean[d] /= vocabulary - FIRST_PIECE;
    }
    for (int id = FIRST_PIECE; id < vocabulary; id++) {
      float weight = (float) Math.log1p(id);
      for (int d = 0; d < dimensions; d++) {
        int i = id * dimensions + d;
        table[i] = (float) ((table[i] - mean[d]) * weight);
      }
    }
  }

  private static InputStream resource(ClassLoader loader, String name) throws IOException {
    InputStream in = loader.getResourceAsStream(name);
    if (in == null) {
      throw new IOException("the sentence encoder's " + name + " is not on the class path");
    }
    return in;
  }

  /**
   * The word pieces of one space-free chunk. The tokenizer normalises character by character and
   * splits words at spaces before it cuts them into pieces, so a text's pieces are its chunks'
   * pieces in order; a chunk's are kept (up to {@value #MAX_KEPT_WORDS} chunks of at most {@value
   * #MAX_KEPT_LENGTH} characters) because asking the native tokenizer costs more than the rest of a
   * sentence vector.
   */
  long[] pieceIds(String chunk) {
    long[] ids = kept.get(chunk);
    if (ids == null) {
      ids = tokenizer.encode(chunk, false, false).getIds();
      if (chunk.length() <= MAX_KEPT_LENGTH && kept.size() < MAX_KEPT_WORDS) {
        kept.put(chunk, ids);
      }
    }
    return ids;
  }

  /** The word pieces of a whole text in one call of the tokenizer (to check {@link #pieceIds}). */
  long[] pieceIdsOfWholeText(String text) {
    return tokenizer.encode(text, false, false).getIds();
  }

  /** The unit-length vector of the text's word pieces (zeros when it has none with a vector). */
  float[] embed(String text) {
    float[] sum = new float[dimensions];
    if (text.isEmpty()) {
      return sum;
    }
    int from = 0;
    while (from < text.length()) {
      int to = text.indexOf(' ', from);
      if (to < 0) {
        to = text.length();
      }
      if (to > from) {
        for (long id : pieceIds(text.substring(from, to))) {
          if (id >= FIRST_PIECE && id < vocabulary) {
            int row = (int) id * dimensions;
            for (int d = 0; d < dimensions; d++) {
              sum[d] += table[row + d];
            }
          }
        }
      }
      from = to + 1;
    }
    double norm = 0;
    for (float v : sum) {
      norm += v * v;
    }
    if (norm == 0) {
      return sum;
    }
    float scale = (float) (1 / Math.sqrt(norm));
    for (int d = 0; d < dimensions; d++) {
      sum[d] *= scale;
    }
    return sum;
  }

  /** How many word pieces have a vector (for tests and the start-up log). */
  int pieces() {
    return vocabulary - FIRST_PIECE;
  }
}
