package dev.tier0.bot.internal.nlu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EmbeddingHeadTests {

  private static final long SEED = 7;

  @Test
  void learnsClassesThatNoStraightLineSeparates() {
    // Two classes on the corners of a square, each on a diagonal (exclusive or): a softmax
    // straight over the vectors gets at most three corners in four right, the hidden layer all.
    List<float[]> vectors = new ArrayList<>();
    int[] labels = new int[400];
    Random random = new Random(SEED);
    for (int i = 0; i < labels.length; i++) {
      boolean a = random.nextBoolean();
      boolean b = random.nextBoolean();
      vectors.add(
          unit(
              (a ? 1 : -1) + 0.1f * (float) random.nextGaussian(),
              (b ? 1 : -1) + 0.1f * (float) random.nextGaussian()));
      labels[i] = a == b ? 0 : 1;
    }
    EmbeddingHead head = EmbeddingHead.train(vectors, labels, 2, SEED, 32, 60);

    int right = 0;
    for (int i = 0; i < labels.length; i++) {
      double[] p = head.probabilities(vectors.get(i));
      right += (p[1] > p[0] ? 1 : 0) == labels[i] ? 1 : 0;
    }
    assertThat(right).isGreaterThan(390);
  }

  @Test
  void trainsTheSameWeightsFromTheSameDataAndReadsThemBackExactly() throws IOException {
    List<float[]> vectors = new ArrayList<>();
    int[] labels = new int[60];
    Random random = new Random(SEED);
    for (int i = 0; i < labels.length; i++) {
      float[] v = new float[16];
      for (int k = 0; k < v.length; k++) {
        v[k] = (float) random.nextGaussian();
      }
      vectors.add(v);
      labels[i] = i % 3;
    }
    EmbeddingHead first = EmbeddingHead.train(vectors, labels, 3, SEED, 8, 3);
    EmbeddingHead second = EmbeddingHead.train(vectors, labels, 3, SEED, 8, 3);
    assertThat(second.toBytes()).isEqualTo(first.toBytes());

    EmbeddingHead read = EmbeddingHead.fromBytes(first.toBytes());
    for (float[] v : vectors) {
      assertThat(read.probabilities(v)).containsExactly(first.probabilities(v));
    }
    assertThat(read.outcomes()).isEqualTo(3);
  }

  @Test
  void readsAModelSavedWithoutAHiddenLayer() throws IOException {
    // Two outcomes over two inputs: outcome 0 weighs the first input, outcome 1 the second, and
    // outcome 1 has a bias of 1 (the layout models were saved in before the hidden layer).
    byte[] bytes = floats(new int[] {2, 2}, 1, 0, 0, 0, 1, 1);

    EmbeddingHead head = EmbeddingHead.fromBytes(bytes);
    double[] p = head.probabilities(new float[] {0.05f, 0});

    // Inputs are scaled by 20 before the weights: logits 1 and 1, an even split.
    assertThat(p[0]).isCloseTo(0.5, within(1e-6));
    assertThat(head.probabilities(new float[] {0, 0})[1])
        .isCloseTo(1 / (1 + Math.exp(-1)), within(1e-6));
    assertThat(head.toBytes()).isEqualTo(bytes);
  }

  @Test
  void refusesBytesThatAreNotAModel() {
    assertThatThrownBy(() -> EmbeddingHead.fromBytes(new byte[0])).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> EmbeddingHead.fromBytes(floats(new int[] {2, 2}, 1, 0, 0)))
        .isInstanceOf(IOException.class)
        .hasMessage("corrupt sentence-vector model");
    // A hidden layer announced, with more weights than the bytes hold.
    assertThatThrownBy(() -> EmbeddingHead.fromBytes(floats(new int[] {-2, 2, 2, 1_000_000}, 0)))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> EmbeddingHead.fromBytes(floats(new int[] {-2, 0, 2, 2}, 0)))
        .isInstanceOf(IOException.class);
  }

  private static float[] unit(float a, float b) {
    float norm = (float) Math.sqrt(a * a + b * b);
    return new float[] {a / norm / 20, b / norm / 20};
  }

  private static byte[] floats(int[] header, float... values) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    for (int h : header) {
      out.writeInt(h);
    }
    for (float v : values) {
      out.writeFloat(v);
    }
    return bytes.toByteArray();
  }
}
