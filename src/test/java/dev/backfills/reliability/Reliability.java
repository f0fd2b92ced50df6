package dev.backfills.reliability;

import net.jqwik.api.GenerationMode;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * How big the reliability suites run. {@code mvn verify} runs the everyday size; the Maven profile
 * {@code exhaustive} sets the system property {@code reliability.exhaustive=true}, which multiplies the
 * generated cases by {@link #TRIES_FACTOR} and runs the long soak (see RELIABILITY.md).
 */
public final class Reliability {
  static final int TRIES_FACTOR = 20;

  private Reliability() {}

  static boolean exhaustive() {
    return Boolean.getBoolean("reliability.exhaustive");
  }

  /**
   * Multiplies a property's {@code tries} by {@link #TRIES_FACTOR} under the exhaustive profile. Properties
   * that enumerate all their cases (generation EXHAUSTIVE) already run every case and are left alone.
   */
  public static final class ScaledTries implements AroundPropertyHook {
    /** Registered on a class, the hook must reach the class's properties, not just the class. */
    @Override
    public PropagationMode propagateTo() {
      return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
      var attributes = context.attributes();
      boolean enumerates = attributes.generation().orElse(GenerationMode.AUTO) == GenerationMode.EXHAUSTIVE;
      if (exhaustive() && !enumerates) {
        attributes.tries().ifPresent(tries -> attributes.setTries(tries * TRIES_FACTOR));
      }
      return property.execute();
    }
  }
}
