package org.fraction.plugins.quaternion;

/**
 * What the quaternion layer configurations have in common: real widths {@code nIn} and {@code nOut}
 * (multiples of 4, laid out as four component blocks) and the shape of each of the four component
 * tensors r, i, j, k.
 */
public interface QuaternionLayer {

  /** Shape of one component tensor: {@code [nIn/4, nOut/4]} or {@code [nIn/4, nOut/4, kH, kW]}. */
  long[] componentShape();

  /** The kernel area (1 for dense layers), for fans. */
  long receptiveField();

  QuaternionInit getQuaternionInit();

  long getNOut();

  long getNIn();

  boolean hasBias();

  String getLayerName();

  double getBiasInit();

  /** Checks that both widths split into four component blocks. */
  default void checkWidths() {
    if (getNIn() <= 0 || getNIn() % 4 != 0 || getNOut() <= 0 || getNOut() % 4 != 0) {
      throw new IllegalArgumentException(
          "quaternion layer '"
              + getLayerName()
              + "' needs input and output widths that are"
              + " positive multiples of 4, got nIn="
              + getNIn()
              + ", nOut="
              + getNOut());
    }
  }
}
