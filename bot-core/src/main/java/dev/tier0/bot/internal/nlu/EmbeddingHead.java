package dev.tier0.bot.internal.nlu;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A small neural network over sentence vectors: the third model of the mixture when a {@link
 * SentenceEncoder} is configured. One hidden layer of rectified units, then a softmax over the main
 * model's outcomes (outcome {@code k} is the main model's outcome index {@code k}). Trained by
 * mini-batch Adam with a fixed seed, a fixed number of epochs and a little weight decay, so the
 * same data always gives the same weights.
 *
 * <p>The hidden layer earns its cost: a softmax straight over the vectors (a linear model, what
 * models saved before the hidden layer hold and still read) cross-validates 1.2 points lower on the
 * shipped data, and a hidden layer of fixed random units (only the output layer trained) does no
 * better than the linear model. See NLU-RESULTS.md.
 *
 * <p>Weights are rows by input ({@code w1[k][j]}, {@code w2[j][c]}) so that both passes are loops
 * of {@code a[i] += s * b[i]} with one index over two arrays, which the JIT turns into vector
 * instructions. A dot product per unit would not vectorise (floating-point sums keep their order),
 * nor would one flat array read at an offset: the JIT cannot rule out that it overlaps the array
 * written.
 */
final class EmbeddingHead {

  /** Unit vectors have components near 1/sqrt(384): scaled up so that Adam's steps fit them. */
  private static final float SCALE = 20f;

  /**
   * Hidden units: 256 cross-validated lower on the shipped data, 1,024 no higher at twice the cost
   * (NLU-RESULTS.md).
   */
  static final int HIDDEN = 512;

  private static final int EPOCHS = 20;
  private static final int BATCH = 32;
  private static final float RATE = 0.001f;
  private static final float DECAY = 1e-4f;

  /** Marks the layout with a hidden layer; a linear model's bytes start with its outcome count. */
  private static final int LAYERED = -2;

  private final int outcomes;
  private final int dimensions;
  private final int hidden;

  /** Input to hidden: a row of {@code hidden} weights per input, then a row of hidden biases. */
  private final float[][] w1;

  /**
   * Hidden to outcome: a row of {@code outcomes} weights per hidden unit, then a row of outcome
   * biases. For a linear model ({@code hidden == 0}): a row per outcome, its weights then its bias.
   */
  private final float[][] w2;

  private EmbeddingHead(int outcomes, int dimensions, int hidden, float[][] w1, float[][] w2) {
    this.outcomes = outcomes;
    this.dimensions = dimensions;
    this.hidden = hidden;
    this.w1 = w1;
    this.w2 = w2;
  }

  /** Trains on vectors and their outcome indices (0 ≤ label < outcomes). */
  static EmbeddingHead train(List<float[]> vectors, int[] labels, int outcomes, long seed) {
    return train(vectors, labels, outcomes, seed, HIDDEN, EPOCHS);
  }

  /** Trains with another width and number of epochs (for measuring the defaults). */
  static EmbeddingHead train(
      List<float[]> vectors, int[] labels, int outcomes, long seed, int hidden, int epochs) {
    int d = vectors.isEmpty() ? SentenceEncoder.DIMENSIONS : vectors.get(0).length;
    Random random = new Random(seed);
    // He initialisation for the rectified layer (inputs have about unit variance after SCALE),
    // Xavier for the softmax layer; biases start at zero.
    float[][] w1 = gaussianRows(d, hidden, Math.sqrt(2.0 / d), random);
    float[][] w2 = gaussianRows(hidden, outcomes, Math.sqrt(1.0 / hidden), random);
    EmbeddingHead head = new EmbeddingHead(outcomes, d, hidden, w1, w2);
    Adam adam1 = new Adam(w1);
    Adam adam2 = new Adam(w2);
    float[][] xs = new float[BATCH][d];
    float[][] zs = new float[BATCH][hidden];
    float[][] dzs = new float[BATCH][hidden];
    double[] y = new double[outcomes];
    float[] g = new float[outcomes];
    int n = vectors.size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int epoch = 0; epoch < epochs; epoch++) {
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      for (int from = 0; from < n; from += BATCH) {
        int size = Math.min(n, from + BATCH) - from;
        adam1.clear();
        adam2.clear();
        for (int b = 0; b < size; b++) {
          head.scaled(vectors.get(order[from + b]), xs[b]);
          head.hidden(xs[b], zs[b]);
          head.outputs(zs[b], y);
          for (int c = 0; c < outcomes; c++) {
            g[c] = (float) y[c];
          }
          g[labels[order[from + b]]] -= 1;
          head.backOutput(zs[b], g, dzs[b], adam2.grad);
          // Input times hidden gradient, a row per input.
          addOuter(xs[b], dzs[b], adam1.grad);
        }
        adam1.step(w1, size);
        adam2.step(w2, size);
      }
    }
    return head;
  }

  /**
   * Rows of Gaussian weights times {@code std}, plus a last row of zeros (the biases).
   *
   * @param rows rows of weights
   * @param width length of each row
   */
  private static float[][] gaussianRows(int rows, int width, double std, Random random) {
    float[][] w = new float[rows + 1][width];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < width; j++) {
        w[r][j] = (float) (random.nextGaussian() * std);
      }
    }
    return w;
  }

  /**
   * Adds one example's output-layer gradients to {@code g2} and leaves in {@code dz} the gradient
   * at the hidden units' inputs (zero where a unit is off).
   */
  private void backOutput(float[] z, float[] g, float[] dz, float[][] g2) {
    for (int j = 0; j < hidden; j++) {
      float zj = z[j];
      if (zj <= 0) {
        dz[j] = 0;
        continue;
      }
      axpy(zj, g, g2[j]);
      float[] row = w2[j];
      float s = 0;
      for (int c = 0; c < outcomes; c++) {
        s += row[c] * g[c];
      }
      dz[j] = s;
    }
    axpy(1, g, g2[hidden]);
  }

  /** {@code g[k] += x[k] * dz} for every input {@code k}, and the biases' row {@code += dz}. */
  private static void addOuter(float[] x, float[] dz, float[][] g) {
    for (int k = 0; k < x.length; k++) {
      if (x[k] != 0) {
        axpy(x[k], dz, g[k]);
      }
    }
    axpy(1, dz, g[x.length]);
  }

  /** {@code y += a * x}: the loop that vectorises. */
  private static void axpy(float a, float[] x, float[] y) {
    for (int i = 0; i < y.length; i++) {
      y[i] += a * x[i];
    }
  }

  /** Adam with bias correction, weight decay and its own gradient rows, all in floats. */
  private static final class Adam {
    final float[][] grad;
    private final float[][] m;
    private final float[][] v;
    private int step;

    Adam(float[][] w) {
      grad = new float[w.length][w[0].length];
      m = new float[w.length][w[0].length];
      v = new float[w.length][w[0].length];
    }

    void clear() {
      for (float[] row : grad) {
        Arrays.fill(row, 0);
      }
    }

    void step(float[][] w, float batch) {
      step++;
      float c1 = (float) (1 - Math.pow(0.9, step));
      float c2 = (float) (1 - Math.pow(0.999, step));
      for (int r = 0; r < w.length; r++) {
        float[] wr = w[r];
        float[] gr = grad[r];
        float[] mr = m[r];
        float[] vr = v[r];
        for (int k = 0; k < wr.length; k++) {
          float gk = gr[k] / batch + DECAY * wr[k];
          mr[k] = 0.9f * mr[k] + 0.1f * gk;
          vr[k] = 0.999f * vr[k] + 0.001f * gk * gk;
          wr[k] -= RATE * (mr[k] / c1) / ((float) Math.sqrt(vr[k] / c2) + 1e-8f);
        }
      }
    }
  }

  private void scaled(float[] vector, float[] x) {
    int n = Math.min(dimensions, vector.length);
    for (int k = 0; k < n; k++) {
      x[k] = vector[k] * SCALE;
    }
    Arrays.fill(x, n, dimensions, 0);
  }

  private void hidden(float[] x, float[] z) {
    System.arraycopy(w1[dimensions], 0, z, 0, hidden);
    for (int k = 0; k < dimensions; k++) {
      if (x[k] != 0) {
        axpy(x[k], w1[k], z);
      }
    }
    for (int j = 0; j < hidden; j++) {
      z[j] = Math.max(0, z[j]);
    }
  }

  private void outputs(float[] z, double[] out) {
    float[] logits = w2[hidden].clone();
    for (int j = 0; j < hidden; j++) {
      if (z[j] != 0) {
        axpy(z[j], w2[j], logits);
      }
    }
    for (int c = 0; c < outcomes; c++) {
      out[c] = logits[c];
    }
    softmax(out);
  }

  private static void softmax(double[] out) {
    double max = Double.NEGATIVE_INFINITY;
    for (double value : out) {
      max = Math.max(max, value);
    }
    double sum = 0;
    for (int o = 0; o < out.length; o++) {
      out[o] = Math.exp(out[o] - max);
      sum += out[o];
    }
    for (int o = 0; o < out.length; o++) {
      out[o] /= sum;
    }
  }

  /** The probability of every outcome for a sentence vector. */
  double[] probabilities(float[] vector) {
    float[] x = new float[dimensions];
    scaled(vector, x);
    double[] out = new double[outcomes];
    if (hidden == 0) {
      linear(x, out);
      return out;
    }
    float[] z = new float[hidden];
    hidden(x, z);
    outputs(z, out);
    return out;
  }

  /** A model saved before the hidden layer: one softmax straight over the vector. */
  private void linear(float[] x, double[] out) {
    for (int o = 0; o < outcomes; o++) {
      float[] row = w2[o];
      // Four independent sums: a classification pays this loop for every intent.
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      int k = 0;
      for (; k + 3 < dimensions; k += 4) {
        s0 += row[k] * x[k];
        s1 += row[k + 1] * x[k + 1];
        s2 += row[k + 2] * x[k + 2];
        s3 += row[k + 3] * x[k + 3];
      }
      for (; k < dimensions; k++) {
        s0 += row[k] * x[k];
      }
      out[o] = row[dimensions] + ((s0 + s1) + (s2 + s3));
    }
    softmax(out);
  }

  int outcomes() {
    return outcomes;
  }

  byte[] toBytes() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    if (hidden > 0) {
      out.writeInt(LAYERED);
    }
    out.writeInt(outcomes);
    out.writeInt(dimensions);
    if (hidden > 0) {
      out.writeInt(hidden);
    }
    for (float[][] layer : new float[][][] {w1, w2}) {
      for (float[] row : layer) {
        for (float f : row) {
          out.writeFloat(f);
        }
      }
    }
    out.flush();
    return bytes.toByteArray();
  }

  static EmbeddingHead fromBytes(byte[] bytes) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
    int first = in.readInt();
    boolean layered = first == LAYERED;
    int outcomes = layered ? in.readInt() : first;
    int dimensions = in.readInt();
    int hidden = layered ? in.readInt() : 0;
    long header = layered ? 16 : 8;
    long floats =
        layered
            ? (long) (dimensions + 1) * hidden + (long) (hidden + 1) * outcomes
            : (long) outcomes * (dimensions + 1);
    if (outcomes < 1
        || dimensions < 1
        || (layered && hidden < 1)
        || header + floats * 4 != bytes.length) {
      throw new IOException("corrupt sentence-vector model");
    }
    if (!layered) {
      float[][] w2 = rows(in, outcomes, dimensions + 1);
      return new EmbeddingHead(outcomes, dimensions, 0, new float[0][], w2);
    }
    float[][] w1 = rows(in, dimensions + 1, hidden);
    return new EmbeddingHead(outcomes, dimensions, hidden, w1, rows(in, hidden + 1, outcomes));
  }

  private static float[][] rows(DataInputStream in, int rows, int width) throws IOException {
    float[][] values = new float[rows][width];
    for (float[] row : values) {
      for (int k = 0; k < width; k++) {
        row[k] = in.readFloat();
      }
    }
    return values;
  }
}
