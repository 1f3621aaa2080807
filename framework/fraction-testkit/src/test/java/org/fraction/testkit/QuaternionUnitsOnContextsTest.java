package org.fraction.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.fraction.spi.model.ParameterRef;
import org.fraction.spi.model.QuaternionGroup;
import org.fraction.spi.pruning.PruningContext;
import org.fraction.spi.pruning.select.QuaternionUnits;
import org.junit.jupiter.api.Test;

class QuaternionUnitsOnContextsTest {

  @Test
  void findsEachGroupsComponentsAmongTheTensors() {
    PruningContext context =
        PruningContexts.builder().randomTensor("fc", "W", 3).randomQuaternion("q", 2).build();
    assertThat(QuaternionUnits.indices(context)).isDeepEqualTo(new int[][] {{1, 2, 3, 4}});
  }

  @Test
  void refusesAGroupWhoseComponentIsNotOffered() {
    PruningContext offered =
        PruningContexts.builder()
            .randomTensor("q", "r", 2)
            .randomTensor("q", "i", 2)
            .randomTensor("q", "j", 2)
            .build();
    QuaternionGroup group =
        new QuaternionGroup(
            new ParameterRef("q", "r"),
            new ParameterRef("q", "i"),
            new ParameterRef("q", "j"),
            new ParameterRef("q", "k"));
    PruningContext context =
        new PruningContext(offered.tensors(), List.of(group), 0.5, 1, offered.random());
    assertThatThrownBy(() -> QuaternionUnits.indices(context))
        .hasMessage("quaternion group q names q/k, which is not offered for pruning");
  }
}
