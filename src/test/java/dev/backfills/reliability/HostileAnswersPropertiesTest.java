package dev.backfills.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.backfills.ApiResponse;
import dev.backfills.exception.BackfillsException;
import dev.backfills.exception.MalformedResponseException;
import dev.backfills.reliability.CannedAnswers.Answer;
import dev.backfills.reliability.ReferenceDecoder.Expected;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile and malformed 2xx answers, generated from the vendor's two example bodies: every truncation,
 * wrong types and nulls in every place, numbers beyond long, 1 MiB strings, nesting 10,000 deep,
 * duplicate keys, invalid UTF-8, wrong Content-Types, and random stacks of those with byte-level damage.
 *
 * <p>Each case goes through a real client (see {@link CannedAnswers}) and must end in one of two ways:
 * a {@link MalformedResponseException} exactly when the contract's rules, applied by the independent
 * {@link ReferenceDecoder}, say the body is not the documented envelope; otherwise the very records and
 * request id the reference decodes. Nothing else may come out: no NullPointerException,
 * ClassCastException, StackOverflowError, DateTimeException or Jackson exception, and no exception
 * message that is unbounded or spans lines. Where the wire itself is ambiguous (duplicate keys, bytes
 * that are not UTF-8) a MalformedResponseException is accepted too, and a duplicate key may resolve to
 * either of its values.
 *
 * <p>The tries below are the {@code mvn verify} size (14,224 cases); the {@code exhaustive} profile
 * multiplies the random ones by {@link Reliability#TRIES_FACTOR}.
 */
@AddLifecycleHook(Reliability.ScaledTries.class)
class HostileAnswersPropertiesTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final byte[] ONE = Mutations.utf8(Seeds.ONE);
  private static final byte[] LIST = Mutations.utf8(Seeds.LIST);
  private static final JsonNode ONE_TREE = Mutations.tree(Seeds.ONE);
  private static final JsonNode LIST_TREE = Mutations.tree(Seeds.LIST);
  private static final int MIB = 1 << 20;

  private static final Map<String, AtomicInteger> CASES = new ConcurrentHashMap<>();
  private static CannedAnswers canned;

  /** One generated case: the answer served and the outcomes the contract allows for it. */
  record Case(String family, String what, boolean list, Answer answer, List<Expected> acceptable) {
    @Override
    public String toString() {
      String body = new String(answer.body(), 0, Math.min(answer.body().length, 300), StandardCharsets.UTF_8);
      return family + " [" + what + "] " + (list ? "list" : "get") + ", " + answer + ": " + body
          + (answer.body().length > 300 ? "…" : "");
    }
  }

  @BeforeContainer
  static void startClient() {
    canned = new CannedAnswers();
  }

  @AfterContainer
  static void stopClientAndReport() {
    canned.close();
    Map<String, Integer> counts = new TreeMap<>();
    CASES.forEach((family, n) -> counts.put(family, n.get()));
    Integer decoded = counts.remove("decoded to records");
    int total = counts.values().stream().mapToInt(Integer::intValue).sum();
    counts.put("decoded to records", decoded == null ? 0 : decoded);
    System.out.println("HOSTILE-CASES " + counts + " total=" + total);
  }

  // ---- the properties --------------------------------------------------------------------------------

  @Property(tries = 10_000, generation = GenerationMode.EXHAUSTIVE)
  void everyTruncationOfEitherBodyIsMalformed(@ForAll("truncations") Case c) {
    check(c);
  }

  @Property(tries = 2_000)
  void wrongTypeInAnyPlaceIsMalformedOrDecodedByTheRules(@ForAll("wrongTypes") Case c) {
    check(c);
  }

  @Property(tries = 1_000)
  void nullsAnywhereAreMalformedOrDecodedByTheRules(@ForAll("nulls") Case c) {
    check(c);
  }

  @Property(tries = 1_000)
  void numbersBeyondLongAreMalformedOrDecodedByTheRules(@ForAll("hugeNumbers") Case c) {
    check(c);
  }

  @Property(tries = 40, shrinking = ShrinkingMode.OFF)
  void oneMebibyteStringsAreMalformedOrDecodedByTheRules(@ForAll("longStrings") Case c) {
    check(c);
  }

  @Property(tries = 150, shrinking = ShrinkingMode.OFF)
  void nestingTenThousandDeepIsMalformedNeverAStackOverflow(@ForAll("deepNesting") Case c) {
    check(c);
  }

  @Property(tries = 1_500)
  void duplicateKeysResolveToOneOfTheirValuesOrAreMalformed(@ForAll("duplicates") Case c) {
    check(c);
  }

  @Property(tries = 2_000)
  void invalidUtf8IsMalformedOrDecodedByTheRules(@ForAll("invalidUtf8") Case c) {
    check(c);
  }

  @Property(tries = 500)
  void contentTypeAndEncodingDoNotChangeTheOutcome(@ForAll("contentTypes") Case c) {
    check(c);
  }

  @Property(tries = 2_000)
  void stackedDamageIsMalformedOrDecodedByTheRules(@ForAll("stacked") Case c) {
    check(c);
  }

  // ---- the verdict -----------------------------------------------------------------------------------

  private static void check(Case c) {
    CASES.computeIfAbsent(c.family(), f -> new AtomicInteger()).incrementAndGet();
    Object got = canned.call(c.answer(), c.list());
    if (got instanceof Throwable t) {
      assertThat(t).as("%s threw", c).isInstanceOf(BackfillsException.class);
      assertThat(t.getClass().getPackageName()).as("%s threw", c).isEqualTo("dev.backfills.exception");
      String message = t.getMessage();
      assertThat(message).as("message of %s", c).isNotNull().hasSizeLessThan(1_000).doesNotContain("\n", "\r");
    }
    if (got instanceof ApiResponse<?>) {
      CASES.computeIfAbsent("decoded to records", f -> new AtomicInteger()).incrementAndGet();
    }
    boolean allowed = c.acceptable().stream().anyMatch(e -> matches(e, got, c.answer().status()));
    assertThat(allowed)
        .as("%s%n  got:      %s%n  expected: one of %s", c, describe(got), c.acceptable())
        .isTrue();
  }

  private static boolean matches(Expected e, Object got, int status) {
    if (e.malformed()) {
      return got instanceof MalformedResponseException m
          && m.statusCode() == status
          && (e.requestId() == null || e.requestId().equals(m.requestId()));
    }
    return got instanceof ApiResponse<?> r
        && r.statusCode() == status
        && e.data().equals(r.data())
        && Objects.equals(e.requestId(), r.requestId());
  }

  private static String describe(Object got) {
    if (got instanceof MalformedResponseException m) {
      return "MalformedResponseException(requestId=" + ReferenceDecoder.abbreviate(m.requestId()) + "): " + m.getMessage();
    }
    if (got instanceof Throwable t) {
      return t.toString();
    }
    ApiResponse<?> r = (ApiResponse<?>) got;
    return "data=" + r.data() + ", requestId=" + ReferenceDecoder.abbreviate(r.requestId());
  }

  // ---- the generators --------------------------------------------------------------------------------

  @Provide
  Arbitrary<Case> truncations() {
    Arbitrary<Case> one = Arbitraries.integers().between(0, ONE.length - 1)
        .flatMap(cut -> Arbitraries.of(true, false).map(known -> truncated(false, ONE, cut, known)));
    Arbitrary<Case> list = Arbitraries.integers().between(0, LIST.length - 1)
        .flatMap(cut -> Arbitraries.of(true, false).map(known -> truncated(true, LIST, cut, known)));
    return Arbitraries.oneOf(one, list);
  }

  private static Case truncated(boolean list, byte[] body, int cut, boolean knownLength) {
    byte[] prefix = java.util.Arrays.copyOf(body, cut);
    Answer answer = new Answer(200, "application/json", prefix, knownLength);
    return new Case("truncation", "first " + cut + " of " + body.length + " bytes", list, answer,
        List.of(Expected.malformedBody()));
  }

  @Provide
  Arbitrary<Case> wrongTypes() {
    return endpoint().flatMap(list -> {
      JsonNode seed = seedTree(list);
      return Combinators.combine(Arbitraries.of(Mutations.valuePaths(seed)), Arbitraries.of(Mutations.valueZoo()),
              presentation())
          .as((path, value, present) -> byRules("wrong type", path + " = " + brief(value), list,
              Mutations.bytes(Mutations.replace(seed, path, value)), present));
    });
  }

  @Provide
  Arbitrary<Case> nulls() {
    return endpoint().flatMap(list -> {
      JsonNode seed = seedTree(list);
      List<List<Object>> paths = Mutations.valuePaths(seed);
      return Combinators.combine(Arbitraries.of(paths).set().ofMinSize(1).ofMaxSize(paths.size()), presentation())
          .as((chosen, present) -> {
            JsonNode tree = seed;
            // Deepest first, so that nulling a parent does not hide a child chosen too.
            List<List<Object>> order = new ArrayList<>(chosen);
            order.sort((a, b) -> b.size() - a.size());
            for (List<Object> p : order) {
              tree = Mutations.replace(tree, p, NODES.nullNode());
            }
            return byRules("nulls", chosen.size() + " null(s) at " + order, list, Mutations.bytes(tree), present);
          });
    });
  }

  @Provide
  Arbitrary<Case> hugeNumbers() {
    return endpoint().flatMap(list -> {
      JsonNode seed = seedTree(list);
      Arbitrary<List<Object>> where = Arbitraries.frequencyOf(
          net.jqwik.api.Tuple.of(4, Arbitraries.of(Mutations.leafPaths(seed, true))),
          net.jqwik.api.Tuple.of(1, Arbitraries.of(Mutations.valuePaths(seed))));
      return Combinators.combine(where, Arbitraries.of(Mutations.hugeNumbers()), presentation())
          .as((path, value, present) -> byRules("number beyond long", path + " = " + brief(value), list,
              Mutations.bytes(Mutations.replace(seed, path, value)), present));
    });
  }

  @Provide
  Arbitrary<Case> longStrings() {
    Arbitrary<String> pattern = Arbitraries.of("a", "\u00e9", "\ud83d\ude00", "\"\\/", "\u0000\u001f\u007f",
        "<html><body>", "RUNNING", "2024-01-01");
    return endpoint().flatMap(list -> {
      JsonNode seed = seedTree(list);
      Arbitrary<Integer> how = Arbitraries.integers().between(0, 2);
      return Combinators.combine(how, Arbitraries.of(Mutations.leafPaths(seed, false)),
              Arbitraries.of(Mutations.objectPaths(seed)), pattern, presentation())
          .as((kind, leaf, object, p, present) -> {
            String big = Mutations.longString(p, MIB);
            JsonNode tree;
            String what;
            switch (kind) {
              case 0 -> {
                tree = Mutations.replace(seed, leaf, NODES.textNode(big));
                what = leaf + " = 1 MiB of " + brief(NODES.textNode(p));
              }
              case 1 -> {
                tree = Mutations.put(seed, object, "unknown_field", NODES.textNode(big));
                what = object + ".unknown_field = 1 MiB of " + brief(NODES.textNode(p));
              }
              default -> {
                tree = Mutations.put(seed, object, big, NODES.numberNode(1));
                what = object + " gains a 1 MiB key of " + brief(NODES.textNode(p));
              }
            }
            return byRules("1 MiB string", what, list, Mutations.bytes(tree), present);
          });
    });
  }

  @Provide
  Arbitrary<Case> deepNesting() {
    return endpoint().flatMap(list -> {
      JsonNode seed = seedTree(list);
      String marker = "\"__deep__\"";
      return Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(Mutations.valuePaths(seed)),
              Arbitraries.of(Mutations.objectPaths(seed)), Arbitraries.integers().between(0, 2), presentation())
          .as((replace, path, object, shape, present) -> {
            // The nested text is spliced in as raw bytes: Jackson itself refuses to build such a tree.
            JsonNode tree = replace ? Mutations.replace(seed, path, NODES.textNode("__deep__"))
                : Mutations.put(seed, object, "deep", NODES.textNode("__deep__"));
            String json = new String(Mutations.bytes(tree), StandardCharsets.UTF_8)
                .replace(marker, Mutations.deeplyNested(10_000, shape));
            String what = (replace ? path + " = " : object + ".deep = ") + "10,000 levels of "
                + new String[] {"arrays", "objects", "arrays and objects"}[shape];
            return byRules("nesting 10,000 deep", what, list, Mutations.utf8(json), present);
          });
    });
  }

  @Provide
  Arbitrary<Case> duplicates() {
    return endpoint().flatMap(list -> {
      JsonNode seed = seedTree(list);
      List<Map.Entry<List<Object>, String>> keys = new ArrayList<>();
      for (List<Object> object : Mutations.objectPaths(seed)) {
        Mutations.at(seed, object).fieldNames().forEachRemaining(k -> keys.add(Map.entry(object, k)));
      }
      return Combinators.combine(Arbitraries.of(keys), Arbitraries.of(Mutations.valueZoo()), Arbitraries.of(true, false),
              presentation())
          .as((key, other, otherFirst, present) -> {
            byte[] body = Mutations.withDuplicate(seed, key.getKey(), key.getValue(), other, otherFirst);
            JsonNode withOther = Mutations.put(seed, key.getKey(), key.getValue(), other);
            List<Expected> acceptable = List.of(
                ReferenceDecoder.decode(Mutations.bytes(seed), list),
                ReferenceDecoder.decode(Mutations.bytes(withOther), list),
                new Expected(true, null, null));
            String what = key.getKey() + "." + key.getValue() + " twice, other value " + brief(other)
                + (otherFirst ? " first" : " second");
            return new Case("duplicate key", what, list, present.apply(body), acceptable);
          });
    });
  }

  @Provide
  Arbitrary<Case> invalidUtf8() {
    return endpoint().flatMap(list -> {
      byte[] seed = list ? LIST : ONE;
      return Combinators.combine(Arbitraries.integers().between(0, seed.length), Arbitraries.of(Mutations.INVALID_UTF8),
              Arbitraries.of(true, false), presentation())
          .as((at, bad, overwrite, present) -> {
            int offset = Math.min(at, seed.length - (overwrite ? 1 : 0));
            byte[] body = Mutations.splice(seed, offset, bad, overwrite);
            return byRules("invalid UTF-8", hex(bad) + (overwrite ? " over" : " inserted at") + " byte " + offset, list,
                body, present);
          });
    });
  }

  @Provide
  Arbitrary<Case> contentTypes() {
    Arbitrary<String> type = Arbitraries.of(null, "application/json", "application/json; charset=utf-8",
        "text/html; charset=utf-8", "text/plain", "application/xml", "application/octet-stream",
        "application/json; charset=utf-16", "application/problem+json", "multipart/form-data; boundary=x", "garbage");
    Arbitrary<Charset> encoding = Arbitraries.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16BE,
        StandardCharsets.UTF_16LE, Charset.forName("UTF-32BE"));
    return endpoint().flatMap(list -> Combinators.combine(type, encoding, Arbitraries.of(true, false),
            Arbitraries.of(200, 203))
        .as((contentType, charset, known, status) -> {
          String text = list ? Seeds.LIST : Seeds.ONE;
          byte[] body = text.getBytes(charset);
          Answer answer = new Answer(status, contentType, body, known);
          return new Case("content type", contentType + ", body in " + charset, list, answer,
              List.of(ReferenceDecoder.decode(body, list)));
        }));
  }

  @Provide
  Arbitrary<Case> stacked() {
    return endpoint().flatMap(list -> {
      JsonNode seed = seedTree(list);
      List<List<Object>> paths = Mutations.valuePaths(seed);
      Arbitrary<List<Object>> anyPath = Arbitraries.of(paths);
      Arbitrary<JsonNode> anyValue = Arbitraries.oneOf(Arbitraries.of(Mutations.valueZoo()),
          Arbitraries.of(Mutations.hugeNumbers()));
      Arbitrary<List<Map.Entry<List<Object>, JsonNode>>> edits =
          Combinators.combine(anyPath, anyValue).as(Map::entry).list().ofMinSize(0).ofMaxSize(3);
      Arbitrary<List<int[]>> byteDamage = Combinators.combine(
              Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, Integer.MAX_VALUE),
              Arbitraries.integers().between(0, 255))
          .as((kind, where, value) -> new int[] {kind, where, value})
          .list().ofMinSize(0).ofMaxSize(3);
      return Combinators.combine(edits, byteDamage, presentation()).as((treeEdits, damage, present) -> {
        JsonNode tree = seed;
        for (Map.Entry<List<Object>, JsonNode> e : treeEdits) {
          if (reachable(tree, e.getKey())) {
            tree = Mutations.replace(tree, e.getKey(), e.getValue());
          }
        }
        byte[] body = Mutations.bytes(tree);
        StringBuilder what = new StringBuilder();
        treeEdits.forEach(e -> what.append(e.getKey()).append(" = ").append(brief(e.getValue())).append("; "));
        for (int[] d : damage) {
          if (body.length == 0) {
            break;
          }
          int at = d[1] % body.length;
          switch (d[0]) {
            case 0 -> body = Mutations.splice(body, at, new byte[] {(byte) d[2]}, true);
            case 1 -> body = Mutations.splice(body, at, new byte[] {(byte) d[2]}, false);
            default -> body = deleteByte(body, at);
          }
          what.append(new String[] {"byte set", "byte inserted", "byte deleted"}[d[0]]).append(" at ").append(at)
              .append("; ");
        }
        return byRules("stacked damage", what.toString(), list, body, present);
      });
    });
  }

  // ---- helpers ---------------------------------------------------------------------------------------

  /** Which endpoint: get-by-id or the list. */
  private static Arbitrary<Boolean> endpoint() {
    return Arbitraries.of(false, true);
  }

  private static JsonNode seedTree(boolean list) {
    return list ? LIST_TREE : ONE_TREE;
  }

  /** How the body is served: status 200 or 203, a Content-Type, with or without Content-Length. */
  private static Arbitrary<java.util.function.Function<byte[], Answer>> presentation() {
    Arbitrary<Integer> status = Arbitraries.frequency(net.jqwik.api.Tuple.of(9, 200), net.jqwik.api.Tuple.of(1, 203));
    Arbitrary<String> type = Arbitraries.frequency(
        net.jqwik.api.Tuple.of(8, "application/json"), net.jqwik.api.Tuple.of(1, "text/html"),
        net.jqwik.api.Tuple.of(1, (String) null));
    return Combinators.combine(status, type, Arbitraries.of(true, false))
        .as((s, t, known) -> body -> new Answer(s, t, body, known));
  }

  /**
   * A case judged by the reference decoder: its outcome exactly; for bytes that are not UTF-8, a
   * MalformedResponseException is accepted as well.
   */
  private static Case byRules(String family, String what, boolean list, byte[] body,
      java.util.function.Function<byte[], Answer> present) {
    List<Expected> acceptable = new ArrayList<>();
    acceptable.add(ReferenceDecoder.decode(body, list));
    if (!isUtf8(body)) {
      acceptable.add(new Expected(true, null, null));
    }
    return new Case(family, what, list, present.apply(body), acceptable);
  }

  private static boolean isUtf8(byte[] body) {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static boolean reachable(JsonNode tree, List<Object> path) {
    JsonNode n = tree;
    for (Object step : path) {
      if (step instanceof String key) {
        if (!n.isObject() || !n.has(key)) {
          return false;
        }
        n = n.get(key);
      } else {
        if (!n.isArray() || (Integer) step >= n.size()) {
          return false;
        }
        n = n.get((Integer) step);
      }
    }
    return true;
  }

  private static byte[] deleteByte(byte[] body, int at) {
    byte[] out = new byte[body.length - 1];
    System.arraycopy(body, 0, out, 0, at);
    System.arraycopy(body, at + 1, out, at, body.length - at - 1);
    return out;
  }

  private static String brief(JsonNode value) {
    String s = value.toString();
    return s.length() <= 60 ? s : s.substring(0, 60) + "…";
  }

  private static String hex(byte[] bytes) {
    StringBuilder s = new StringBuilder();
    for (byte b : bytes) {
      s.append(String.format("%02X", b & 0xff));
    }
    return s.toString();
  }
}
