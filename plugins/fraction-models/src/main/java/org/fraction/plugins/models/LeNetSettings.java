package org.fraction.plugins.models;

import org.fraction.plugins.quaternion.QuaternionInit;
import org.fraction.spi.settings.Check;
import org.fraction.spi.settings.Doc;

/** Settings of {@code lenet-300-100}. */
public record LeNetSettings(
    @Doc(ModelSettings.INIT_DOC) QuaternionInit init,
    @Doc(
            ModelSettings.FOURTH_CHANNEL_DOC
                + "; without it a quaternion LeNet reads a grey image's pixels as"
                + " quaternions (MNIST: 196) and gives colour images the grey channel")
        Boolean fourthChannel)
    implements ModelSettings {

  public LeNetSettings {
    init = Check.orDefault(init, QuaternionInit.QUATERNION_HE);
    fourthChannel = Check.orDefault(fourthChannel, false);
  }
}
