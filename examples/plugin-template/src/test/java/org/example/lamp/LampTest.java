package org.example.lamp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.SplittableRandom;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.pruning.PruningContext;
import org.fraction.spi.pruning.select.TensorArrays;
import org.fraction.testkit.PruningContexts;
import org.fraction.testkit.PruningContract;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class LampTest {

  @Test
  void scoresEachWeightAgainstTheLargerWeightsOfItsLayer() {
    // squares 1, 4, 9, 16: 16/16, 9/25, 4/29, 1/30; a pruned weight scores 0 and is not counted
    float[] scores = Lamp.lamp(new float[] {1, -2, 3, 4, 100}, new float[] {1, 1, 1, 1, 0});
    assertThat(scores).containsExactly(new float[] {1f / 30, 4f / 29, 9f / 25, 1f, 0f}, within(1e-7f));
  }

  @Test
  void matchesTheDefinitionComputedPairByPair() {
    SplittableRandom random = new SplittableRandom(3);
    float[] w = new float[200];
    float[] mask = new float[200];
    for (int i = 0; i < w.length; i++) {
      w[i] = random.nextInt(4) == 0 ? (float) random.nextInt(5) : (float) random.nextGaussian(); // with ties
      mask[i] = random.nextInt(5) == 0 ? 0 : 1;
    }
    float[] scores = Lamp.lamp(w, mask);
    for (int i = 0; i < w.length; i++) {
      double larger = 0;
      for (int j = 0; j < w.length; j++) {
        larger += mask[j] != 0 && Math.abs(w[j]) >= Math.abs(w[i]) ? (double) w[j] * w[j] : 0;
      }
      double expected = mask[i] == 0 || larger == 0 ? 0 : w[i] * (double) w[i] / larger;
      assertThat((double) scores[i]).as("weight %d", i).isCloseTo(expected, within(1e-6));
    }
  }

  @Test
  void theLargestWeightOfEveryLayerSurvivesWhateverTheLayersScale() {
    PruningContext context = PruningContexts.builder()
        .tensor("big", "W", 100, 200, 300, 400, 500, 600)
        .tensor("tiny", "W", 0.001f, 0.002f)
        .keep(0.25).build();
    Map<ParameterRef, INDArray> masks = PruningContract.check(new Lamp(), context);
    assertThat(masks.get(new ParameterRef("big", "W")).toFloatVector()).containsExactly(0, 0, 0, 0, 0, 1);
    assertThat(masks.get(new ParameterRef("tiny", "W")).toFloatVector()).containsExactly(0, 1);
  }

  @Test
  void keepsTheGlobalCountRoundAfterRound() {
    PruningContext first = PruningContexts.builder().randomTensor("fc1", "W", 30, 20).randomTensor("fc2", "W", 20, 10)
        .keep(0.8).build();
    Map<ParameterRef, INDArray> last = PruningContract.checkRounds(new Lamp(), first, 5);
    long kept = last.values().stream().mapToLong(m -> m.sumNumber().longValue()).sum();
    assertThat(kept).isEqualTo(Math.round(800 * Math.pow(0.8, 5)));
    assertThat(TensorArrays.values(last.get(new ParameterRef("fc2", "W")))).contains(1f);
  }
}
