package org.fraction.spi.settings;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a key of a tracker's settings: the environment variable that supplies the key when the
 * workflow does not write it. Such a variable, when set, also switches its tracker on for a
 * workflow without a {@code tracking:} key (a workflow that has one lists its trackers itself, so
 * {@code tracking: {}} turns them all off).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface FromEnvironment {

  /** The variable's name, e.g. {@code MLFLOW_TRACKING_URI}. */
  String value();
}
