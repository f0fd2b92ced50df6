package dev.backfills.reliability;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ways to spoil a valid answer: replace any value in its JSON tree, write it with a duplicate key, cut or
 * corrupt its bytes. Paths are lists of object keys (String) and array indexes (Integer); the empty path
 * is the root.
 */
final class Mutations {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFactory FACTORY = MAPPER.getFactory();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Mutations() {}

  static JsonNode tree(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Every value's path, depth first: the root, each object and array, each leaf. */
  static List<List<Object>> valuePaths(JsonNode root) {
    List<List<Object>> out = new ArrayList<>();
    collect(root, new ArrayList<>(), out, false);
    return out;
  }

  /** The paths of objects only (where a key can be duplicated or added). */
  static List<List<Object>> objectPaths(JsonNode root) {
    List<List<Object>> out = new ArrayList<>();
    collect(root, new ArrayList<>(), out, true);
    return out;
  }

  /** The paths of leaves whose value is a number, or a string. */
  static List<List<Object>> leafPaths(JsonNode root, boolean numbers) {
    List<List<Object>> out = new ArrayList<>();
    for (List<Object> p : valuePaths(root)) {
      JsonNode n = at(root, p);
      if (numbers ? n.isNumber() : n.isTextual()) {
        out.add(p);
      }
    }
    return out;
  }

  private static void collect(JsonNode node, List<Object> path, List<List<Object>> out, boolean objectsOnly) {
    if (!objectsOnly || node.isObject()) {
      out.add(List.copyOf(path));
    }
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        path.add(e.getKey());
        collect(e.getValue(), path, out, objectsOnly);
        path.remove(path.size() - 1);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        path.add(i);
        collect(node.get(i), path, out, objectsOnly);
        path.remove(path.size() - 1);
      }
    }
  }

  static JsonNode at(JsonNode root, List<Object> path) {
    JsonNode n = root;
    for (Object step : path) {
      n = step instanceof String key ? n.get(key) : n.get((Integer) step);
    }
    return n;
  }

  /** A copy of {@code root} with the value at {@code path} replaced. */
  static JsonNode replace(JsonNode root, List<Object> path, JsonNode value) {
    if (path.isEmpty()) {
      return value;
    }
    JsonNode copy = root.deepCopy();
    JsonNode parent = at(copy, path.subList(0, path.size() - 1));
    Object last = path.get(path.size() - 1);
    if (last instanceof String key) {
      ((ObjectNode) parent).set(key, value);
    } else {
      ((ArrayNode) parent).set((Integer) last, value);
    }
    return copy;
  }

  /** A copy of {@code root} with the object at {@code path} gaining (or replacing) {@code key}. */
  static JsonNode put(JsonNode root, List<Object> path, String key, JsonNode value) {
    JsonNode copy = root.deepCopy();
    ((ObjectNode) at(copy, path)).set(key, value);
    return copy;
  }

  /**
   * {@code root} written with the object at {@code objectPath} holding {@code key} twice: its own value
   * and {@code other}, {@code otherFirst} deciding the order.
   */
  static byte[] withDuplicate(JsonNode root, List<Object> objectPath, String key, JsonNode other, boolean otherFirst) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      write(g, root, new ArrayList<>(), objectPath, key, other, otherFirst);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void write(JsonGenerator g, JsonNode node, List<Object> path, List<Object> target, String key,
      JsonNode other, boolean otherFirst) throws IOException {
    if (node.isObject()) {
      g.writeStartObject();
      boolean here = path.equals(target);
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        boolean dup = here && e.getKey().equals(key);
        if (dup && otherFirst) {
          g.writeFieldName(key);
          MAPPER.writeTree(g, other);
        }
        g.writeFieldName(e.getKey());
        path.add(e.getKey());
        write(g, e.getValue(), path, target, key, other, otherFirst);
        path.remove(path.size() - 1);
        if (dup && !otherFirst) {
          g.writeFieldName(key);
          MAPPER.writeTree(g, other);
        }
      }
      g.writeEndObject();
    } else if (node.isArray()) {
      g.writeStartArray();
      for (int i = 0; i < node.size(); i++) {
        path.add(i);
        write(g, node.get(i), path, target, key, other, otherFirst);
        path.remove(path.size() - 1);
      }
      g.writeEndArray();
    } else {
      MAPPER.writeTree(g, node);
    }
  }

  /** Values of every JSON type, and of the wrong shape for every field of the envelope. */
  static List<JsonNode> valueZoo() {
    List<JsonNode> zoo = new ArrayList<>();
    zoo.add(NODES.nullNode());
    zoo.add(NODES.booleanNode(true));
    zoo.add(NODES.booleanNode(false));
    zoo.add(NODES.numberNode(0));
    zoo.add(NODES.numberNode(1));
    zoo.add(NODES.numberNode(-1));
    zoo.add(NODES.numberNode(Integer.MAX_VALUE));
    zoo.add(NODES.numberNode(Integer.MAX_VALUE + 1L));
    zoo.add(NODES.numberNode(Long.MAX_VALUE));
    zoo.add(NODES.numberNode(Long.MIN_VALUE));
    zoo.add(NODES.numberNode(BigInteger.TWO.pow(63)));
    zoo.add(NODES.numberNode(1.5));
    zoo.add(NODES.numberNode(-0.0));
    zoo.add(NODES.numberNode(new BigDecimal("12345.0")));
    zoo.add(NODES.numberNode(new BigDecimal("1e400")));
    zoo.add(NODES.textNode(""));
    zoo.add(NODES.textNode(" "));
    zoo.add(NODES.textNode("text"));
    zoo.add(NODES.textNode("12345"));
    zoo.add(NODES.textNode("RUNNING"));
    zoo.add(NODES.textNode("completed"));
    zoo.add(NODES.textNode("2024-01-01"));
    zoo.add(NODES.textNode("2024-02-30"));
    zoo.add(NODES.textNode("2024-02-01T09:00:00Z"));
    zoo.add(NODES.textNode("2024-02-01T09:00:00.123456789+02:00"));
    zoo.add(NODES.textNode("9999999999999999999.5"));
    zoo.add(NODES.textNode("+1000000000-12-31T23:59:59.999999999Z"));
    zoo.add(NODES.textNode("\u0000\u001b[31m\r\n\u2028"));
    zoo.add(NODES.objectNode());
    zoo.add(NODES.arrayNode());
    zoo.add(NODES.arrayNode().add(NODES.nullNode()));
    zoo.add(NODES.objectNode().put("transfer_run_date", "2024-01-02").put("error", "boom"));
    zoo.add(NODES.arrayNode().add(NODES.objectNode().put("transfer_run_date", "2024-01-02").put("error", "boom")));
    zoo.add(NODES.arrayNode().add(NODES.objectNode().put("transfer_run_date", 20240102)));
    zoo.add(NODES.arrayNode().add(NODES.objectNode().putNull("transfer_run_date").put("error", 7)));
    return zoo;
  }

  /** Integers and decimals outside long (and int), in plain and exponent notation. */
  static List<JsonNode> hugeNumbers() {
    return List.of(
        NODES.numberNode(BigInteger.TWO.pow(63)),
        NODES.numberNode(BigInteger.TWO.pow(63).add(BigInteger.ONE).negate()),
        NODES.numberNode(BigInteger.TWO.pow(64)),
        NODES.numberNode(new BigInteger("123456789012345678901234567890")),
        NODES.numberNode(BigInteger.TEN.pow(999)),
        NODES.numberNode(new BigDecimal("9223372036854775807.5")),
        NODES.numberNode(new BigDecimal("1e19")),
        NODES.numberNode(new BigDecimal("-1e400")),
        NODES.numberNode(new BigDecimal("4.9e-325")),
        NODES.numberNode(Integer.MAX_VALUE + 1L),
        NODES.numberNode(Integer.MIN_VALUE - 1L));
  }

  /** {@code depth} arrays (or objects, or both alternating) nested in one another. */
  static String deeplyNested(int depth, int shape) {
    StringBuilder s = new StringBuilder(depth * 8);
    for (int i = 0; i < depth; i++) {
      boolean object = shape == 1 || (shape == 2 && i % 2 == 1);
      s.append(object ? "{\"a\":" : "[");
    }
    s.append("1");
    for (int i = depth - 1; i >= 0; i--) {
      boolean object = shape == 1 || (shape == 2 && i % 2 == 1);
      s.append(object ? '}' : ']');
    }
    return s.toString();
  }

  /** A string of {@code length} characters repeating {@code pattern}, cut on a character boundary. */
  static String longString(String pattern, int length) {
    StringBuilder s = new StringBuilder(length + pattern.length());
    while (s.length() < length) {
      s.append(pattern);
    }
    s.setLength(length);
    if (Character.isHighSurrogate(s.charAt(length - 1))) {
      s.setCharAt(length - 1, 'x');
    }
    return s.toString();
  }

  /** Byte sequences that are not UTF-8: stray continuation bytes, overlong forms, cut sequences, surrogates, 0xFE/0xFF. */
  static final List<byte[]> INVALID_UTF8 = List.of(
      new byte[] {(byte) 0x80},
      new byte[] {(byte) 0xBF},
      new byte[] {(byte) 0xC3, 0x28},
      new byte[] {(byte) 0xC0, (byte) 0xAF},
      new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
      new byte[] {(byte) 0xE2, (byte) 0x82},
      new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
      new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
      new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98},
      new byte[] {(byte) 0xFE},
      new byte[] {(byte) 0xFF},
      new byte[] {(byte) 0xFF, (byte) 0xFE});

  /** {@code body} with {@code inserted} put in at {@code at}, or written over the bytes there. */
  static byte[] splice(byte[] body, int at, byte[] inserted, boolean overwrite) {
    int keep = overwrite ? Math.min(inserted.length, body.length - at) : 0;
    byte[] out = new byte[body.length + inserted.length - keep];
    System.arraycopy(body, 0, out, 0, at);
    System.arraycopy(inserted, 0, out, at, inserted.length);
    System.arraycopy(body, at + keep, out, at + inserted.length, body.length - at - keep);
    return out;
  }
}
