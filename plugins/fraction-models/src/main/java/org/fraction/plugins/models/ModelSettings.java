package org.fraction.plugins.models;

import org.fraction.plugins.quaternion.QuaternionInit;
import org.fraction.spi.model.Algebra;
import org.fraction.spi.model.InputShape;

/** Settings every built-in model has, and the input rule they share. */
interface ModelSettings {

  String INIT_DOC =
      "initialiser of the quaternion layers: quaternion-he (default), quaternion-glorot or"
          + " xavier-per-component; a quaternion head takes its Glorot counterpart";
  String FOURTH_CHANNEL_DOC =
      "true: take four input channels in either algebra (RGB + BT.601 grey; a grey image as"
          + " g,g,g,g)";

  QuaternionInit init();

  Boolean fourthChannel();

  static InputShape fourChannels(InputShape data) {
    return data.withChannels(4);
  }

  /**
   * Convolutional models: four channels in quaternion algebra (or when asked), the data's own
   * otherwise.
   */
  static InputShape convolutionalInput(InputShape data, Algebra algebra, ModelSettings settings) {
    return algebra == Algebra.QUATERNION || settings.fourthChannel() ? fourChannels(data) : data;
  }
}
