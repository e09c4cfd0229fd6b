package dev.tier0.bot.internal.nlu;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;

/**
 * Multinomial logistic regression over sentence vectors: the third model of the mixture when a
 * {@link SentenceEncoder} is configured. Trained by mini-batch Adam with a fixed seed, a fixed
 * number of epochs and a little weight decay, so the same data always gives the same weights.
 * Outcome {@code k} is the main model's outcome index {@code k}.
 */
final class EmbeddingHead {

  /** Unit vectors have components near 1/sqrt(384): scaled up so that Adam's steps fit them. */
  private static final float SCALE = 20f;

  private static final int EPOCHS = 20;
  private static final int BATCH = 32;
  private static final double RATE = 0.003;
  private static final double DECAY = 1e-4;

  private final int outcomes;
  private final int dimensions;

  /** Row-major {@code outcomes × (dimensions + 1)}, the bias last in each row. */
  private final float[] weights;

  private EmbeddingHead(int outcomes, int dimensions, float[] weights) {
    this.outcomes = outcomes;
    this.dimensions = dimensions;
    this.weights = weights;
  }

  /** Trains on vectors and their outcome indices (0 ≤ label < outcomes). */
  static EmbeddingHead train(List<float[]> vectors, int[] labels, int outcomes, long seed) {
    return train(vectors, labels, outcomes, seed, EPOCHS, RATE, DECAY);
  }

  /** Trains with other epochs, learning rate and weight decay (for measuring the defaults). */
  static EmbeddingHead train(
      List<float[]> vectors,
      int[] labels,
      int outcomes,
      long seed,
      int epochs,
      double rate,
      double decay) {
    int d = vectors.isEmpty() ? SentenceEncoder.DIMENSIONS : vectors.get(0).length;
    int stride = d + 1;
    double[] w = new double[outcomes * stride];
    double[] m = new double[w.length];
    double[] v = new double[w.length];
    double[] grad = new double[w.length];
    int n = vectors.size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Random random = new Random(seed);
    double[] logits = new double[outcomes];
    double[] x = new double[stride];
    int step = 0;
    double beta1 = 0.9;
    double beta2 = 0.999;
    for (int epoch = 0; epoch < epochs; epoch++) {
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      for (int from = 0; from < n; from += BATCH) {
        int to = Math.min(n, from + BATCH);
        java.util.Arrays.fill(grad, 0);
        for (int b = from; b < to; b++) {
          float[] vector = vectors.get(order[b]);
          for (int k = 0; k < d; k++) {
            x[k] = vector[k] * SCALE;
          }
          x[d] = 1;
          softmax(w, stride, x, logits);
          logits[labels[order[b]]] -= 1;
          for (int o = 0; o < outcomes; o++) {
            double g = logits[o];
            if (g > -1e-7 && g < 1e-7) {
              continue;
            }
            int row = o * stride;
            for (int k = 0; k < stride; k++) {
              grad[row + k] += g * x[k];
            }
          }
        }
        step++;
        double size = to - from;
        double c1 = 1 - Math.pow(beta1, step);
        double c2 = 1 - Math.pow(beta2, step);
        for (int k = 0; k < w.length; k++) {
          double g = grad[k] / size + decay * w[k];
          m[k] = beta1 * m[k] + (1 - beta1) * g;
          v[k] = beta2 * v[k] + (1 - beta2) * g * g;
          w[k] -= rate * (m[k] / c1) / (Math.sqrt(v[k] / c2) + 1e-8);
        }
      }
    }
    float[] weights = new float[w.length];
    for (int k = 0; k < w.length; k++) {
      weights[k] = (float) w[k];
    }
    return new EmbeddingHead(outcomes, d, weights);
  }

  private static void softmax(double[] w, int stride, double[] x, double[] out) {
    double max = Double.NEGATIVE_INFINITY;
    for (int o = 0; o < out.length; o++) {
      double s = 0;
      int row = o * stride;
      for (int k = 0; k < stride; k++) {
        s += w[row + k] * x[k];
      }
      out[o] = s;
      max = Math.max(max, s);
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
    int stride = dimensions + 1;
    int n = Math.min(dimensions, vector.length);
    float[] x = new float[n];
    for (int k = 0; k < n; k++) {
      x[k] = vector[k] * SCALE;
    }
    double[] out = new double[outcomes];
    double max = Double.NEGATIVE_INFINITY;
    for (int o = 0; o < outcomes; o++) {
      int row = o * stride;
      // Four independent sums: a classification pays this loop for every intent.
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      int k = 0;
      for (; k + 3 < n; k += 4) {
        s0 += weights[row + k] * x[k];
        s1 += weights[row + k + 1] * x[k + 1];
        s2 += weights[row + k + 2] * x[k + 2];
        s3 += weights[row + k + 3] * x[k + 3];
      }
      for (; k < n; k++) {
        s0 += weights[row + k] * x[k];
      }
      double s = weights[row + dimensions] + ((s0 + s1) + (s2 + s3));
      out[o] = s;
      max = Math.max(max, s);
    }
    double sum = 0;
    for (int o = 0; o < outcomes; o++) {
      out[o] = Math.exp(out[o] - max);
      sum += out[o];
    }
    for (int o = 0; o < outcomes; o++) {
      out[o] /= sum;
    }
    return out;
  }

  int outcomes() {
    return outcomes;
  }

  byte[] toBytes() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(weights.length * 4 + 8);
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(outcomes);
    out.writeInt(dimensions);
    for (float f : weights) {
      out.writeFloat(f);
    }
    out.flush();
    return bytes.toByteArray();
  }

  static EmbeddingHead fromBytes(byte[] bytes) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
    int outcomes = in.readInt();
    int dimensions = in.readInt();
    if (outcomes < 1
        || dimensions < 1
        || (long) outcomes * (dimensions + 1) * 4 + 8 != bytes.length) {
      throw new IOException("corrupt sentence-vector model");
    }
    float[] weights = new float[outcomes * (dimensions + 1)];
    for (int k = 0; k < weights.length; k++) {
      weights[k] = in.readFloat();
    }
    return new EmbeddingHead(outcomes, dimensions, weights);
  }
}
