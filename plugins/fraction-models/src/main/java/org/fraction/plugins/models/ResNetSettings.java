package org.fraction.plugins.models;

import org.fraction.plugins.quaternion.QuaternionInit;
import org.fraction.spi.settings.Check;
import org.fraction.spi.settings.Doc;

/** Settings of the ResNets. */
public record ResNetSettings(
    @Doc(
            "quaternion algebra: the classifier head, quaternion (default; the class count must be"
                + " divisible by 4) or real")
        Head head,
    @Doc(ModelSettings.INIT_DOC) QuaternionInit init,
    @Doc(ModelSettings.FOURTH_CHANNEL_DOC + "; quaternion models always do") Boolean fourthChannel)
    implements ModelSettings {

  public ResNetSettings {
    head = Check.orDefault(head, Head.QUATERNION);
    init = Check.orDefault(init, QuaternionInit.QUATERNION_HE);
    fourthChannel = Check.orDefault(fourthChannel, false);
  }
}
