package app.modular;

import app.ConsumerApp;
import dev.backfills.BackfillsClient;
import java.lang.module.ModuleDescriptor;
import java.util.Set;
import java.util.TreeSet;

/**
 * The consumer check on the module path: first what the module system says about the library (an
 * explicit module exporting only the API, internals sealed, the model open to Jackson only), then the
 * same calls as the class-path application.
 */
public final class ModularApp {
  private ModularApp() {}

  public static void main(String[] args) throws Exception {
    Module library = BackfillsClient.class.getModule();
    check(library.isNamed() && "dev.backfills.client".equals(library.getName()),
        "the library should be the named module dev.backfills.client, is " + library);
    ModuleDescriptor descriptor = library.getDescriptor();
    check(!descriptor.isAutomatic(), "dev.backfills.client should have a module-info, is an automatic module");

    Set<String> exported = new TreeSet<>();
    descriptor.exports().forEach(e -> exported.add(e.source() + (e.isQualified() ? " to " + e.targets() : "")));
    check(exported.equals(Set.of("dev.backfills", "dev.backfills.exception", "dev.backfills.model",
        "dev.backfills.testing")), "exports " + exported);
    check(!library.isExported("dev.backfills.internal"), "dev.backfills.internal is exported");

    // Encapsulation is enforced, not just declared: a public member of an internal class is out of reach.
    Class<?> internal = Class.forName("dev.backfills.internal.Version");
    try {
      internal.getField("VERSION").get(null);
      throw new AssertionError("read dev.backfills.internal.Version.VERSION from outside the module");
    } catch (IllegalAccessException expected) {
      // sealed, as it should be
    }

    Module jackson = ModuleLayer.boot().findModule("com.fasterxml.jackson.databind")
        .orElseThrow(() -> new AssertionError("com.fasterxml.jackson.databind was not resolved"));
    check(library.isOpen("dev.backfills.model", jackson), "dev.backfills.model is not open to Jackson");
    check(!library.isOpen("dev.backfills.model", ModularApp.class.getModule()),
        "dev.backfills.model is open to every module");

    String result = ConsumerApp.run();
    System.out.println("consumer-ok module-path " + library.getName() + " exports=" + exported + " " + result);
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new AssertionError("module-path check failed: " + what);
    }
  }
}
