package org.fraction.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.model.QuaternionGroup;
import org.fraction.spi.pruning.PrunableTensor;
import org.fraction.spi.pruning.PruningContext;
import org.fraction.spi.pruning.select.TensorArrays;
import org.junit.jupiter.api.Test;

class PruningContextsTest {

  @Test
  void buildsTensorsMasksAndQuaternionGroupsInTheOrderGiven() {
    PruningContext context =
        PruningContexts.builder()
            .tensor("fc1", "W", new long[] {2, 3}, 1, 2, 3, 4, 5, 6)
            .mask("fc1", "W", 1, 0, 1, 1, 1, 0)
            .randomQuaternion("q1", 3, 2)
            .keep(0.8)
            .round(2)
            .build();
    assertThat(context.tensors())
        .extracting(t -> t.ref().path())
        .containsExactly("fc1/W", "q1/r", "q1/i", "q1/j", "q1/k");
    assertThat(context.tensors().get(0).weights().shape()).containsExactly(2, 3);
    assertThat(context.tensors().get(1).weights().shape()).containsExactly(3, 2);
    assertThat(context.quaternionGroups())
        .containsExactly(
            new QuaternionGroup(
                new ParameterRef("q1", "r"),
                new ParameterRef("q1", "i"),
                new ParameterRef("q1", "j"),
                new ParameterRef("q1", "k")));
    assertThat(context.tensors())
        .extracting(PrunableTensor::remaining)
        .containsExactly(4L, 6L, 6L, 6L, 6L);
    // round(30 * 0.64) = 19, below the 28 that remain
    assertThat(context.target()).isEqualTo(19);
    assertThat(TensorArrays.weights(context)[0]).containsExactly(1, 2, 3, 4, 5, 6);
  }

  @Test
  void randomValuesAreTheSameForTheSameCallsAndDifferBetweenTensors() {
    float[][] a =
        TensorArrays.weights(
            PruningContexts.builder().randomTensor("a", "W", 4).randomTensor("b", "W", 4).build());
    float[][] b =
        TensorArrays.weights(
            PruningContexts.builder().randomTensor("a", "W", 4).randomTensor("b", "W", 4).build());
    assertThat(a).isDeepEqualTo(b);
    assertThat(a[0]).isNotEqualTo(a[1]);
  }

  @Test
  void nextKeepsTheWeightsAndTakesTheMasks() {
    PruningContext first = PruningContexts.builder().tensor("a", "W", 1, 2, 3, 4).build();
    PruningContext second =
        PruningContexts.next(first, TensorArrays.toMasks(first, new float[][] {{0, 1, 0, 1}}));
    assertThat(second.round()).isEqualTo(2);
    assertThat(TensorArrays.masks(second)[0]).containsExactly(0, 1, 0, 1);
    assertThat(TensorArrays.weights(second)[0]).containsExactly(1, 2, 3, 4);
  }

  @Test
  void refusesATensorTwiceAndAMaskForAnUnknownTensor() {
    assertThatThrownBy(() -> PruningContexts.builder().tensor("a", "W", 1).tensor("a", "W", 2))
        .hasMessage("a/W is already in the context");
    assertThatThrownBy(() -> PruningContexts.builder().mask("a", "W", 1))
        .hasMessage("a/W is not in the context");
  }
}
