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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

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
 * <p>Each property is a JUnit test factory run by {@link GeneratedCases}: its cases come from a
 * generator below, drawn with {@link Draws} from the fixed seed of {@link Reliability#seed()}, or all
 * of them when the generator has no more combinations than the property's tries. The tries below are
 * the {@code mvn verify} size (14,224 cases); the {@code exhaustive} profile multiplies them by
 * {@link Reliability#TRIES_FACTOR}. The class prints the number of cases it ran ("hostile cases: N").
 */
class HostileAnswersPropertiesTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Endpoint GET_ENDPOINT = Endpoint.of(false);
  private static final Endpoint LIST_ENDPOINT = Endpoint.of(true);
  private static final List<JsonNode> ZOO = List.copyOf(Mutations.valueZoo());
  private static final List<JsonNode> HUGE = List.copyOf(Mutations.hugeNumbers());
  private static final List<String> LONG_STRING_PATTERNS = List.of("a", "\u00e9", "\ud83d\ude00", "\"\\/",
      "\u0000\u001f\u007f", "<html><body>", "RUNNING", "2024-01-01");
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

  @BeforeAll
  static void startClient() {
    canned = new CannedAnswers();
  }

  @AfterAll
  static void stopClientAndReport() {
    canned.close();
    Map<String, Integer> counts = new TreeMap<>();
    CASES.forEach((family, n) -> counts.put(family, n.get()));
    Integer decoded = counts.remove("decoded to records");
    int total = counts.values().stream().mapToInt(Integer::intValue).sum();
    counts.put("decoded to records", decoded == null ? 0 : decoded);
    System.out.println("HOSTILE-CASES " + counts + " total=" + total + " seed=" + Reliability.seed()
        + (Reliability.exhaustive() ? " exhaustive" : ""));
    System.out.println("hostile cases: " + total);
  }

  // ---- the properties --------------------------------------------------------------------------------

  @TestFactory
  Stream<DynamicTest> everyTruncationOfEitherBodyIsMalformed() {
    return property("everyTruncationOfEitherBodyIsMalformed", 10_000, HostileAnswersPropertiesTest::truncation);
  }

  @TestFactory
  Stream<DynamicTest> wrongTypeInAnyPlaceIsMalformedOrDecodedByTheRules() {
    return property("wrongTypeInAnyPlaceIsMalformedOrDecodedByTheRules", 2_000, HostileAnswersPropertiesTest::wrongType);
  }

  @TestFactory
  Stream<DynamicTest> nullsAnywhereAreMalformedOrDecodedByTheRules() {
    return property("nullsAnywhereAreMalformedOrDecodedByTheRules", 1_000, HostileAnswersPropertiesTest::nulls);
  }

  @TestFactory
  Stream<DynamicTest> numbersBeyondLongAreMalformedOrDecodedByTheRules() {
    return property("numbersBeyondLongAreMalformedOrDecodedByTheRules", 1_000, HostileAnswersPropertiesTest::hugeNumber);
  }

  @TestFactory
  Stream<DynamicTest> oneMebibyteStringsAreMalformedOrDecodedByTheRules() {
    return property("oneMebibyteStringsAreMalformedOrDecodedByTheRules", 40, HostileAnswersPropertiesTest::longString);
  }

  @TestFactory
  Stream<DynamicTest> nestingTenThousandDeepIsMalformedNeverAStackOverflow() {
    return property("nestingTenThousandDeepIsMalformedNeverAStackOverflow", 150, HostileAnswersPropertiesTest::deepNesting);
  }

  @TestFactory
  Stream<DynamicTest> duplicateKeysResolveToOneOfTheirValuesOrAreMalformed() {
    return property("duplicateKeysResolveToOneOfTheirValuesOrAreMalformed", 1_500, HostileAnswersPropertiesTest::duplicate);
  }

  @TestFactory
  Stream<DynamicTest> invalidUtf8IsMalformedOrDecodedByTheRules() {
    return property("invalidUtf8IsMalformedOrDecodedByTheRules", 2_000, HostileAnswersPropertiesTest::invalidUtf8);
  }

  @TestFactory
  Stream<DynamicTest> contentTypeAndEncodingDoNotChangeTheOutcome() {
    return property("contentTypeAndEncodingDoNotChangeTheOutcome", 500, HostileAnswersPropertiesTest::contentType);
  }

  @TestFactory
  Stream<DynamicTest> stackedDamageIsMalformedOrDecodedByTheRules() {
    return property("stackedDamageIsMalformedOrDecodedByTheRules", 2_000, HostileAnswersPropertiesTest::stacked);
  }

  private static Stream<DynamicTest> property(String name, int tries, GeneratedCases.Generator<Case> generator) {
    return GeneratedCases.run(HostileAnswersPropertiesTest.class, name, tries, generator,
        HostileAnswersPropertiesTest::check);
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
  // Each makes all its choices first, then returns how to build its case (see GeneratedCases.Generator).

  private static Supplier<Case> truncation(Draws d) {
    Endpoint e = endpoint(d);
    int cut = d.between(0, e.bytes().length - 1);
    boolean known = d.bool();
    return () -> truncated(e.list(), e.bytes(), cut, known);
  }

  private static Case truncated(boolean list, byte[] body, int cut, boolean knownLength) {
    byte[] prefix = Arrays.copyOf(body, cut);
    Answer answer = new Answer(200, "application/json", prefix, knownLength);
    return new Case("truncation", "first " + cut + " of " + body.length + " bytes", list, answer,
        List.of(Expected.malformedBody()));
  }

  private static Supplier<Case> wrongType(Draws d) {
    Endpoint e = endpoint(d);
    List<Object> path = d.pick(e.values());
    JsonNode value = d.pick(ZOO);
    Presentation present = presentation(d);
    return () -> byRules("wrong type", path + " = " + brief(value), e.list(),
        Mutations.bytes(Mutations.replace(e.tree(), path, value)), present);
  }

  private static Supplier<Case> nulls(Draws d) {
    Endpoint e = endpoint(d);
    List<List<Object>> chosen = d.subset(e.values(), 1, e.values().size());
    Presentation present = presentation(d);
    return () -> {
      JsonNode tree = e.tree();
      // Deepest first, so that nulling a parent does not hide a child chosen too.
      List<List<Object>> order = new ArrayList<>(chosen);
      order.sort((a, b) -> b.size() - a.size());
      for (List<Object> p : order) {
        tree = Mutations.replace(tree, p, NODES.nullNode());
      }
      return byRules("nulls", chosen.size() + " null(s) at " + order, e.list(), Mutations.bytes(tree), present);
    };
  }

  private static Supplier<Case> hugeNumber(Draws d) {
    Endpoint e = endpoint(d);
    // Mostly where a number belongs, sometimes anywhere.
    List<Object> path = d.weighted(4, 1) == 0 ? d.pick(e.numbers()) : d.pick(e.values());
    JsonNode value = d.pick(HUGE);
    Presentation present = presentation(d);
    return () -> byRules("number beyond long", path + " = " + brief(value), e.list(),
        Mutations.bytes(Mutations.replace(e.tree(), path, value)), present);
  }

  private static Supplier<Case> longString(Draws d) {
    Endpoint e = endpoint(d);
    int kind = d.between(0, 2);
    List<Object> leaf = d.pick(e.strings());
    List<Object> object = d.pick(e.objects());
    String pattern = d.pick(LONG_STRING_PATTERNS);
    Presentation present = presentation(d);
    return () -> {
      String big = Mutations.longString(pattern, MIB);
      JsonNode tree;
      String what;
      switch (kind) {
        case 0 -> {
          tree = Mutations.replace(e.tree(), leaf, NODES.textNode(big));
          what = leaf + " = 1 MiB of " + brief(NODES.textNode(pattern));
        }
        case 1 -> {
          tree = Mutations.put(e.tree(), object, "unknown_field", NODES.textNode(big));
          what = object + ".unknown_field = 1 MiB of " + brief(NODES.textNode(pattern));
        }
        default -> {
          tree = Mutations.put(e.tree(), object, big, NODES.numberNode(1));
          what = object + " gains a 1 MiB key of " + brief(NODES.textNode(pattern));
        }
      }
      return byRules("1 MiB string", what, e.list(), Mutations.bytes(tree), present);
    };
  }

  private static Supplier<Case> deepNesting(Draws d) {
    Endpoint e = endpoint(d);
    boolean replace = d.bool();
    List<Object> path = d.pick(e.values());
    List<Object> object = d.pick(e.objects());
    int shape = d.between(0, 2);
    Presentation present = presentation(d);
    return () -> {
      // The nested text is spliced in as raw bytes: Jackson itself refuses to build such a tree.
      JsonNode tree = replace ? Mutations.replace(e.tree(), path, NODES.textNode("__deep__"))
          : Mutations.put(e.tree(), object, "deep", NODES.textNode("__deep__"));
      String json = new String(Mutations.bytes(tree), StandardCharsets.UTF_8)
          .replace("\"__deep__\"", Mutations.deeplyNested(10_000, shape));
      String what = (replace ? path + " = " : object + ".deep = ") + "10,000 levels of "
          + new String[] {"arrays", "objects", "arrays and objects"}[shape];
      return byRules("nesting 10,000 deep", what, e.list(), Mutations.utf8(json), present);
    };
  }

  private static Supplier<Case> duplicate(Draws d) {
    Endpoint e = endpoint(d);
    Map.Entry<List<Object>, String> key = d.pick(e.keys());
    JsonNode other = d.pick(ZOO);
    boolean otherFirst = d.bool();
    Presentation present = presentation(d);
    return () -> {
      byte[] body = Mutations.withDuplicate(e.tree(), key.getKey(), key.getValue(), other, otherFirst);
      JsonNode withOther = Mutations.put(e.tree(), key.getKey(), key.getValue(), other);
      List<Expected> acceptable = List.of(
          ReferenceDecoder.decode(e.bytes(), e.list()),
          ReferenceDecoder.decode(Mutations.bytes(withOther), e.list()),
          new Expected(true, null, null));
      String what = key.getKey() + "." + key.getValue() + " twice, other value " + brief(other)
          + (otherFirst ? " first" : " second");
      return new Case("duplicate key", what, e.list(), present.serve(body), acceptable);
    };
  }

  private static Supplier<Case> invalidUtf8(Draws d) {
    Endpoint e = endpoint(d);
    byte[] seed = e.bytes();
    int at = d.between(0, seed.length);
    byte[] bad = d.pick(Mutations.INVALID_UTF8);
    boolean overwrite = d.bool();
    Presentation present = presentation(d);
    return () -> {
      int offset = Math.min(at, seed.length - (overwrite ? 1 : 0));
      byte[] body = Mutations.splice(seed, offset, bad, overwrite);
      return byRules("invalid UTF-8", hex(bad) + (overwrite ? " over" : " inserted at") + " byte " + offset,
          e.list(), body, present);
    };
  }

  private static Supplier<Case> contentType(Draws d) {
    Endpoint e = endpoint(d);
    String contentType = d.pick(null, "application/json", "application/json; charset=utf-8",
        "text/html; charset=utf-8", "text/plain", "application/xml", "application/octet-stream",
        "application/json; charset=utf-16", "application/problem+json", "multipart/form-data; boundary=x", "garbage");
    Charset charset = d.pick(StandardCharsets.UTF_8, StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE,
        Charset.forName("UTF-32BE"));
    boolean known = d.bool();
    int status = d.pick(200, 203);
    return () -> {
      String text = e.list() ? Seeds.LIST : Seeds.ONE;
      byte[] body = text.getBytes(charset);
      Answer answer = new Answer(status, contentType, body, known);
      return new Case("content type", contentType + ", body in " + charset, e.list(), answer,
          List.of(ReferenceDecoder.decode(body, e.list())));
    };
  }

  private static Supplier<Case> stacked(Draws d) {
    Endpoint e = endpoint(d);
    List<Map.Entry<List<Object>, JsonNode>> edits = d.list(0, 3, x -> {
      List<Object> path = x.pick(e.values());
      JsonNode value = x.bool() ? x.pick(ZOO) : x.pick(HUGE);
      return Map.entry(path, value);
    });
    // {kind: 0 set, 1 insert, 2 delete; where, reduced modulo the body's length; the byte}
    List<int[]> damage = d.list(0, 3, x -> new int[] {x.between(0, 2), x.between(0, Integer.MAX_VALUE),
        x.between(0, 255)});
    Presentation present = presentation(d);
    return () -> {
      JsonNode tree = e.tree();
      for (Map.Entry<List<Object>, JsonNode> edit : edits) {
        if (reachable(tree, edit.getKey())) {
          tree = Mutations.replace(tree, edit.getKey(), edit.getValue());
        }
      }
      byte[] body = Mutations.bytes(tree);
      StringBuilder what = new StringBuilder();
      edits.forEach(edit -> what.append(edit.getKey()).append(" = ").append(brief(edit.getValue())).append("; "));
      for (int[] damaged : damage) {
        if (body.length == 0) {
          break;
        }
        int at = damaged[1] % body.length;
        switch (damaged[0]) {
          case 0 -> body = Mutations.splice(body, at, new byte[] {(byte) damaged[2]}, true);
          case 1 -> body = Mutations.splice(body, at, new byte[] {(byte) damaged[2]}, false);
          default -> body = deleteByte(body, at);
        }
        what.append(new String[] {"byte set", "byte inserted", "byte deleted"}[damaged[0]]).append(" at ").append(at)
            .append("; ");
      }
      return byRules("stacked damage", what.toString(), e.list(), body, present);
    };
  }

  // ---- helpers ---------------------------------------------------------------------------------------

  /** One of the two endpoints, with its seed body and the places in it, computed once. */
  record Endpoint(boolean list, byte[] bytes, JsonNode tree, List<List<Object>> values, List<List<Object>> objects,
      List<List<Object>> numbers, List<List<Object>> strings, List<Map.Entry<List<Object>, String>> keys) {
    static Endpoint of(boolean list) {
      String json = list ? Seeds.LIST : Seeds.ONE;
      JsonNode tree = Mutations.tree(json);
      List<List<Object>> objects = Mutations.objectPaths(tree);
      List<Map.Entry<List<Object>, String>> keys = new ArrayList<>();
      for (List<Object> object : objects) {
        Mutations.at(tree, object).fieldNames().forEachRemaining(k -> keys.add(Map.entry(object, k)));
      }
      return new Endpoint(list, Mutations.utf8(json), tree, Mutations.valuePaths(tree), objects,
          Mutations.leafPaths(tree, true), Mutations.leafPaths(tree, false), List.copyOf(keys));
    }
  }

  /** Which endpoint: get-by-id or the list. */
  private static Endpoint endpoint(Draws d) {
    return d.bool() ? LIST_ENDPOINT : GET_ENDPOINT;
  }

  /** How the body is served: status 200 or 203, a Content-Type, with or without Content-Length. */
  record Presentation(int status, String contentType, boolean knownLength) {
    Answer serve(byte[] body) {
      return new Answer(status, contentType, body, knownLength);
    }
  }

  /** Mostly 200 and {@code application/json}; each of the twelve combinations is possible. */
  private static Presentation presentation(Draws d) {
    int status = d.weighted(9, 1) == 0 ? 200 : 203;
    String type = new String[] {"application/json", "text/html", null}[d.weighted(8, 1, 1)];
    return new Presentation(status, type, d.bool());
  }

  /**
   * A case judged by the reference decoder: its outcome exactly; for bytes that are not UTF-8, a
   * MalformedResponseException is accepted as well.
   */
  private static Case byRules(String family, String what, boolean list, byte[] body, Presentation present) {
    List<Expected> acceptable = new ArrayList<>();
    acceptable.add(ReferenceDecoder.decode(body, list));
    if (!isUtf8(body)) {
      acceptable.add(new Expected(true, null, null));
    }
    return new Case(family, what, list, present.serve(body), acceptable);
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
