package org.fraction.engine.data;

import java.util.ArrayList;
import java.util.List;
import org.fraction.engine.settings.DatasetKeys;

/** The training transforms a workflow's {@code dataset.augment} asks for, in the order applied. */
public final class Augmentation {

  private Augmentation() {}

  public static List<ImageTransform> of(DatasetKeys.Augment augment) {
    List<ImageTransform> out = new ArrayList<>();
    if (augment.cropPadding() > 0) {
      out.add(new RandomCrop(augment.cropPadding()));
    }
    if (augment.flip()) {
      out.add(new HorizontalFlip());
    }
    return List.copyOf(out);
  }
}
