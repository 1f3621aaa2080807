package org.fraction.plugins.quaternion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The initialisers' distributions, checked by their moments on large draws. */
class QuaternionInitTest {

  private static final int N = 200_000;

  private static INDArray draw(QuaternionInit init, long fanIn, long fanOut, long seed) {
    Nd4j.getRandom().setSeed(seed);
    INDArray c = Nd4j.create(DataType.DOUBLE, 4, N);
    init.fill(c, fanIn, fanOut);
    return c;
  }

  private static double meanSquare(INDArray row) {
    return row.mul(row).meanNumber().doubleValue();
  }

  @Test
  void quaternionHeGivesEachQuaternionAnExpectedSquaredNormOfTwoOverFanIn() {
    long fanIn = 196;
    INDArray c = draw(QuaternionInit.QUATERNION_HE, fanIn, 75, 1);
    double sigma2 = 1.0 / (2 * fanIn);
    double norm2 = c.mul(c).sum(0).meanNumber().doubleValue();
    assertThat(norm2).isCloseTo(4 * sigma2, within(4 * sigma2 * 0.02));
    // polar form: cos^2 of a uniform phase averages 1/2, and the axis spreads the rest evenly
    assertThat(meanSquare(c.getRow(0))).isCloseTo(2 * sigma2, within(2 * sigma2 * 0.03));
    for (int axis = 1; axis < 4; axis++) {
      assertThat(meanSquare(c.getRow(axis)))
          .isCloseTo(2 * sigma2 / 3, within(2 * sigma2 / 3 * 0.03));
    }
    for (int row = 0; row < 4; row++) {
      assertThat(c.getRow(row).meanNumber().doubleValue())
          .isCloseTo(0, within(0.01 * Math.sqrt(sigma2)));
    }
  }

  @Test
  void quaternionHeMagnitudesFollowChiWithFourDegreesOfFreedom() {
    INDArray c = draw(QuaternionInit.QUATERNION_HE, 50, 50, 2);
    double sigma = Math.sqrt(1.0 / 100);
    INDArray norm =
        org.nd4j.linalg.ops.transforms.Transforms.sqrt(c.mul(c).sum(0), false).divi(sigma);
    // chi(4): mean sqrt(2) Γ(5/2) / Γ(2) = 3 sqrt(2 pi) / 4, fourth moment E[X^4] = k (k + 2) = 24
    assertThat(norm.meanNumber().doubleValue())
        .isCloseTo(Math.sqrt(2) * 3 * Math.sqrt(Math.PI) / 4, within(0.01));
    assertThat(
            org.nd4j.linalg.ops.transforms.Transforms.pow(norm, 4, true).meanNumber().doubleValue())
        .isCloseTo(24, within(0.5));
  }

  @Test
  void quaternionGlorotCountsBothFans() {
    INDArray c = draw(QuaternionInit.QUATERNION_GLOROT, 144, 288, 3);
    double sigma2 = 1.0 / (2 * (144 + 288));
    assertThat(c.mul(c).sum(0).meanNumber().doubleValue())
        .isCloseTo(4 * sigma2, within(4 * sigma2 * 0.02));
  }

  @Test
  void xavierPerComponentIsUniformWithinTheGlorotBoundOfTheComponentTensor() {
    INDArray c = draw(QuaternionInit.XAVIER_PER_COMPONENT, 196, 75, 4);
    double bound = Math.sqrt(6.0 / (196 + 75));
    assertThat(c.maxNumber().doubleValue()).isLessThanOrEqualTo(bound).isGreaterThan(0.99 * bound);
    assertThat(c.minNumber().doubleValue())
        .isGreaterThanOrEqualTo(-bound)
        .isLessThan(-0.99 * bound);
    for (int row = 0; row < 4; row++) {
      assertThat(meanSquare(c.getRow(row)))
          .isCloseTo(bound * bound / 3, within(bound * bound / 3 * 0.02));
    }
  }

  @Test
  void theSameSeedGivesTheSameWeights() {
    for (QuaternionInit init : QuaternionInit.values()) {
      assertThat(draw(init, 10, 10, 7)).isEqualTo(draw(init, 10, 10, 7));
      assertThat(draw(init, 10, 10, 7)).isNotEqualTo(draw(init, 10, 10, 8));
    }
  }
}
