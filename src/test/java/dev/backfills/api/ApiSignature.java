package dev.backfills.api;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes the public API of the compiled library as text: the module descriptor, then every public or
 * protected type of the packages that {@code module-info} exports (to everyone), with its modifiers,
 * type parameters, supertypes and each public or protected field, constructor and method it declares,
 * generics and {@code throws} included. {@code dev.backfills.internal} is not exported, so never listed.
 *
 * <p>The text is deterministic (types and members sorted) so that it can be committed and compared: see
 * {@link PublicApiTest}. Values of {@code static final} primitive and {@code String} fields are written
 * too, because javac copies compile-time constants into the caller's class file.
 */
final class ApiSignature {
  private ApiSignature() {}

  /** The API of the module compiled into {@code classes} (a directory holding module-info.class). */
  static String of(Path classes, ClassLoader loader) throws IOException, ClassNotFoundException {
    ModuleReference module = ModuleFinder.of(classes).findAll().stream()
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no module-info.class in " + classes));
    ModuleDescriptor descriptor = module.descriptor();
    StringBuilder out = new StringBuilder();
    out.append("# The public API of ").append(descriptor.name())
        .append(", checked by PublicApiTest on every build. Generated: do not edit.\n")
        .append("# Regenerate with: ").append(PublicApiTest.UPDATE_COMMAND).append("\n\n");
    out.append("module ").append(descriptor.name()).append('\n');
    descriptor.requires().stream()
        .filter(r -> !r.modifiers().contains(ModuleDescriptor.Requires.Modifier.MANDATED))
        .map(r -> "  requires " + r.modifiers().stream()
            .filter(m -> m != ModuleDescriptor.Requires.Modifier.SYNTHETIC)
            .map(m -> m.name().toLowerCase(java.util.Locale.ROOT) + " ")
            .sorted()
            .collect(Collectors.joining()) + r.name())
        .sorted()
        .forEach(line -> out.append(line).append('\n'));
    descriptor.exports().stream()
        .map(e -> "  exports " + e.source() + (e.isQualified() ? " to " + String.join(", ", new TreeSet<>(e.targets())) : ""))
        .sorted()
        .forEach(line -> out.append(line).append('\n'));
    descriptor.opens().stream()
        .map(o -> "  opens " + o.source() + (o.isQualified() ? " to " + String.join(", ", new TreeSet<>(o.targets())) : ""))
        .sorted()
        .forEach(line -> out.append(line).append('\n'));

    Set<String> apiPackages = descriptor.exports().stream()
        .filter(e -> !e.isQualified())
        .map(ModuleDescriptor.Exports::source)
        .collect(Collectors.toCollection(TreeSet::new));
    List<Class<?>> types = new ArrayList<>();
    for (String pkg : apiPackages) {
      Path dir = classes.resolve(pkg.replace('.', '/'));
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          String name = file.getFileName().toString();
          if (!name.endsWith(".class") || name.equals("package-info.class")) {
            continue;
          }
          Class<?> type = Class.forName(pkg + "." + name.substring(0, name.length() - ".class".length()), false, loader);
          if (isVisibleOutside(type)) {
            types.add(type);
          }
        }
      }
    }
    types.sort(Comparator.comparing(Class::getName));
    for (Class<?> type : types) {
      out.append('\n').append(header(type)).append('\n');
      members(type).forEach(line -> out.append("  ").append(line).append('\n'));
    }
    return out.toString();
  }

  /** Public or protected, and so is every class it is nested in; never anonymous, local or synthetic. */
  private static boolean isVisibleOutside(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getDeclaringClass()) {
      if (c.isAnonymousClass() || c.isLocalClass() || c.isSynthetic() || !isApi(c.getModifiers())) {
        return false;
      }
    }
    return true;
  }

  private static boolean isApi(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static String header(Class<?> type) {
    StringBuilder s = new StringBuilder(annotations(type.isAnnotationPresent(Deprecated.class)));
    String kind;
    int modifiers = type.getModifiers() & Modifier.classModifiers();
    if (type.isAnnotation()) {
      kind = "@interface";
      modifiers &= ~(Modifier.ABSTRACT | Modifier.INTERFACE);
    } else if (type.isInterface()) {
      kind = "interface";
      modifiers &= ~(Modifier.ABSTRACT | Modifier.INTERFACE);
    } else if (type.isEnum()) {
      kind = "enum";
      modifiers &= ~(Modifier.FINAL | Modifier.ABSTRACT);
    } else if (type.isRecord()) {
      kind = "record";
      modifiers &= ~Modifier.FINAL;
    } else {
      kind = "class";
    }
    s.append(Modifier.toString(modifiers));
    if (type.isSealed()) {
      s.append(" sealed");
    }
    s.append(' ').append(kind).append(' ').append(type.getName()).append(typeParameters(type.getTypeParameters()));
    if (type.isRecord()) {
      s.append(Arrays.stream(type.getRecordComponents())
          .map(c -> name(c.getGenericType()) + " " + c.getName())
          .collect(Collectors.joining(", ", "(", ")")));
    }
    Type superclass = type.getGenericSuperclass();
    if (superclass != null && !type.isEnum() && !type.isRecord() && superclass != Object.class) {
      s.append(" extends ").append(name(superclass));
    }
    Type[] interfaces = type.getGenericInterfaces();
    if (interfaces.length > 0 && !type.isAnnotation()) {
      s.append(type.isInterface() ? " extends " : " implements ")
          .append(Arrays.stream(interfaces).map(ApiSignature::name).collect(Collectors.joining(", ")));
    }
    if (type.isSealed()) {
      s.append(" permits ").append(Arrays.stream(type.getPermittedSubclasses())
          .map(Class::getName).sorted().collect(Collectors.joining(", ")));
    }
    return s.toString();
  }

  /**
   * Enum constants in ordinal order (it is observable: {@code ordinal()}, {@code compareTo}), then fields,
   * constructors and methods, each sorted by name and then by signature.
   */
  private static List<String> members(Class<?> type) {
    List<String> lines = new ArrayList<>();
    if (type.isEnum()) {
      for (Object constant : type.getEnumConstants()) {
        lines.add("enum constant " + ((Enum<?>) constant).name());
      }
    }
    List<String[]> sorted = new ArrayList<>(); // {order, name, line}
    for (Field f : type.getDeclaredFields()) {
      if (isApi(f.getModifiers()) && !f.isSynthetic() && !f.isEnumConstant()) {
        sorted.add(new String[] {"1", f.getName(), field(f)});
      }
    }
    for (Constructor<?> c : type.getDeclaredConstructors()) {
      if (isApi(c.getModifiers()) && !c.isSynthetic()) {
        sorted.add(new String[] {"2", "", executable(c, "", type.getSimpleName())});
      }
    }
    for (Method m : type.getDeclaredMethods()) {
      if (isApi(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
        sorted.add(new String[] {"3", m.getName(), executable(m, name(m.getGenericReturnType()) + " ", m.getName())});
      }
    }
    sorted.sort(Comparator.<String[], String>comparing(e -> e[0]).thenComparing(e -> e[1]).thenComparing(e -> e[2]));
    sorted.forEach(e -> lines.add(e[2]));
    return lines;
  }

  private static String field(Field f) {
    int modifiers = f.getModifiers() & Modifier.fieldModifiers();
    StringBuilder s = new StringBuilder(annotations(f.isAnnotationPresent(Deprecated.class)));
    s.append(Modifier.toString(modifiers)).append(' ').append(name(f.getGenericType())).append(' ').append(f.getName());
    if (Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers)
        && (f.getType().isPrimitive() || f.getType() == String.class)) {
      try {
        Object value = f.get(null);
        s.append(" = ").append(value instanceof String ? '"' + (String) value + '"' : String.valueOf(value));
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("cannot read " + f, e);
      }
    }
    return s.toString();
  }

  private static String executable(Executable e, String returnType, String name) {
    int modifiers = e.getModifiers() & (e instanceof Method ? Modifier.methodModifiers() : Modifier.constructorModifiers());
    boolean inInterface = e.getDeclaringClass().isInterface();
    if (inInterface) {
      modifiers &= ~Modifier.ABSTRACT; // implied; "default" is spelled out below
    }
    StringBuilder s = new StringBuilder(annotations(e.isAnnotationPresent(Deprecated.class)));
    s.append(Modifier.toString(modifiers));
    if (e instanceof Method && ((Method) e).isDefault()) {
      s.append(" default");
    }
    String typeParameters = typeParameters(e.getTypeParameters());
    if (!typeParameters.isEmpty()) {
      s.append(' ').append(typeParameters);
    }
    s.append(' ').append(returnType).append(name);
    Type[] parameters = e.getGenericParameterTypes();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < parameters.length; i++) {
      String p = name(parameters[i]);
      if (e.isVarArgs() && i == parameters.length - 1 && p.endsWith("[]")) {
        p = p.substring(0, p.length() - 2) + "...";
      }
      names.add(p);
    }
    s.append(names.stream().collect(Collectors.joining(", ", "(", ")")));
    Type[] thrown = e.getGenericExceptionTypes();
    if (thrown.length > 0) {
      s.append(" throws ").append(Arrays.stream(thrown).map(ApiSignature::name).sorted().collect(Collectors.joining(", ")));
    }
    return s.toString();
  }

  private static String annotations(boolean deprecated) {
    return deprecated ? "@Deprecated " : "";
  }

  private static String typeParameters(TypeVariable<?>[] variables) {
    if (variables.length == 0) {
      return "";
    }
    return Arrays.stream(variables).map(v -> {
      List<String> bounds = Arrays.stream(v.getBounds())
          .filter(b -> b != Object.class)
          .map(ApiSignature::name)
          .collect(Collectors.toList());
      return bounds.isEmpty() ? v.getName() : v.getName() + " extends " + String.join(" & ", bounds);
    }).collect(Collectors.joining(", ", "<", ">"));
  }

  /** A type as source would spell it, with binary names for nested classes ({@code Outer$Inner}). */
  private static String name(Type type) {
    if (type instanceof Class<?>) {
      return ((Class<?>) type).getTypeName();
    }
    if (type instanceof ParameterizedType) {
      ParameterizedType p = (ParameterizedType) type;
      return name(p.getRawType()) + Arrays.stream(p.getActualTypeArguments())
          .map(ApiSignature::name).collect(Collectors.joining(", ", "<", ">"));
    }
    if (type instanceof GenericArrayType) {
      return name(((GenericArrayType) type).getGenericComponentType()) + "[]";
    }
    if (type instanceof WildcardType) {
      WildcardType w = (WildcardType) type;
      if (w.getLowerBounds().length > 0) {
        return "? super " + name(w.getLowerBounds()[0]);
      }
      Type upper = w.getUpperBounds()[0];
      return upper == Object.class ? "?" : "? extends " + name(upper);
    }
    return type.getTypeName(); // a type variable
  }
}
