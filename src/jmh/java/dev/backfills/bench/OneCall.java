package dev.backfills.bench;

/**
 * What bench/cold-start.sh starts in a fresh JVM: build one contender's client, make one getBackfill call
 * to the loopback server, print the status, exit. Each contender's code is in its own class, so the JVM
 * loads only the contender being timed.
 */
public final class OneCall {
  private OneCall() {}

  public static void main(String[] args) throws Exception {
    String contender = args[0];
    String baseUrl = args[1];
    String status = switch (contender) {
      case "sdk" -> Sdk.call(baseUrl);
      case "handwritten" -> HandWritten.call(baseUrl);
      case "generated" -> Generated.call(baseUrl);
      default -> throw new IllegalArgumentException(contender);
    };
    System.out.println(status);
    System.exit(0);
  }

  static final class Sdk {
    static String call(String baseUrl) {
      try (dev.backfills.BackfillsClient client =
               dev.backfills.BackfillsClient.builder().baseUrl(baseUrl).token(Contender.TOKEN).build()) {
        return client.getBackfill(Payloads.TEAM, Payloads.BACKFILL_ID).status().name();
      }
    }
  }

  static final class HandWritten {
    static String call(String baseUrl) throws Exception {
      try (HandWrittenClient client = new HandWrittenClient(baseUrl, Contender.TOKEN)) {
        return client.getBackfill(Payloads.TEAM, Payloads.BACKFILL_ID).status().name();
      }
    }
  }

  static final class Generated {
    static String call(String baseUrl) throws Exception {
      dev.backfills.bench.generated.invoker.ApiClient client = new dev.backfills.bench.generated.invoker.ApiClient();
      client.setBasePath(baseUrl);
      client.setBearerToken(Contender.TOKEN);
      return new dev.backfills.bench.generated.api.DefaultApi(client)
          .getBackfillById(Payloads.TEAM, Payloads.BACKFILL_ID).getData().getStatus().getValue();
    }
  }
}
