package org.fraction.plugins.models;

import org.fraction.plugins.quaternion.QuaternionInit;
import org.fraction.spi.settings.Check;
import org.fraction.spi.settings.Doc;

/** Settings of {@code conv-2}, {@code conv-4} and {@code conv-6}. */
public record ConvSettings(
    @Doc(ModelSettings.INIT_DOC) QuaternionInit init,
    @Doc(ModelSettings.FOURTH_CHANNEL_DOC + "; quaternion models always do") Boolean fourthChannel)
    implements ModelSettings {

  public ConvSettings {
    init = Check.orDefault(init, QuaternionInit.QUATERNION_HE);
    fourthChannel = Check.orDefault(fourthChannel, false);
  }
}
