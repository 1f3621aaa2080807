package org.fraction.spi.settings;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a setting that cannot change a trial's numbers (a data directory, a mirror, a thread
 * count): it is left out of the trial id, so moving data does not move results.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Incidental {}
