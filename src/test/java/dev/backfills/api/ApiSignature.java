package dev.backfills.api;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.reflect.AnnotatedArrayType;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.AnnotatedTypeVariable;
import java.lang.reflect.AnnotatedWildcardType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.TypeVariable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
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
 * <p>Run-time visible annotations are part of it, on packages, types, members and type uses: JSpecify's
 * {@code @NullMarked} and {@code @Nullable} tell Kotlin and null checkers what may be null, so turning a
 * {@code @Nullable} return into a non-null one, or back, is an API change too. Values of
 * {@code static final} primitive and {@code String} fields are written, because javac copies
 * compile-time constants into the caller's class file.
 *
 * <p>The text is deterministic (types and members sorted) so that it can be committed and compared: see
 * {@link PublicApiTest}.
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
            .map(m -> m.name().toLowerCase(Locale.ROOT) + " ")
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
          if (name.equals("package-info.class")) {
            Class<?> info = Class.forName(pkg + ".package-info", false, loader);
            String annotations = annotations(info);
            if (!annotations.isEmpty()) {
              out.append("\n").append(annotations).append("package ").append(pkg).append('\n');
            }
            continue;
          }
          if (!name.endsWith(".class")) {
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
    StringBuilder s = new StringBuilder(annotations(type));
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
          .map(ApiSignature::component)
          .collect(Collectors.joining(", ", "(", ")")));
    }
    AnnotatedType superclass = type.getAnnotatedSuperclass();
    if (superclass != null && !type.isEnum() && !type.isRecord() && superclass.getType() != Object.class) {
      s.append(" extends ").append(name(superclass));
    }
    AnnotatedType[] interfaces = type.getAnnotatedInterfaces();
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

  private static String component(RecordComponent c) {
    return annotations(c) + name(c.getAnnotatedType()) + " " + c.getName();
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
        sorted.add(new String[] {"3", m.getName(), executable(m, name(m.getAnnotatedReturnType()) + " ", m.getName())});
      }
    }
    sorted.sort(Comparator.<String[], String>comparing(e -> e[0]).thenComparing(e -> e[1]).thenComparing(e -> e[2]));
    sorted.forEach(e -> lines.add(e[2]));
    return lines;
  }

  private static String field(Field f) {
    int modifiers = f.getModifiers() & Modifier.fieldModifiers();
    StringBuilder s = new StringBuilder(annotations(f));
    s.append(Modifier.toString(modifiers)).append(' ').append(name(f.getAnnotatedType())).append(' ').append(f.getName());
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
    if (e.getDeclaringClass().isInterface()) {
      modifiers &= ~Modifier.ABSTRACT; // implied; "default" is spelled out below
    }
    StringBuilder s = new StringBuilder(annotations(e));
    s.append(Modifier.toString(modifiers));
    if (e instanceof Method && ((Method) e).isDefault()) {
      s.append(" default");
    }
    String typeParameters = typeParameters(e.getTypeParameters());
    if (!typeParameters.isEmpty()) {
      s.append(' ').append(typeParameters);
    }
    s.append(' ').append(returnType).append(name);
    AnnotatedType[] parameters = e.getAnnotatedParameterTypes();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < parameters.length; i++) {
      String p = name(parameters[i]);
      if (e.isVarArgs() && i == parameters.length - 1 && p.endsWith("[]")) {
        p = p.substring(0, p.length() - 2) + "...";
      }
      names.add(annotations(e.getParameters()[i]) + p);
    }
    s.append(names.stream().collect(Collectors.joining(", ", "(", ")")));
    AnnotatedType[] thrown = e.getAnnotatedExceptionTypes();
    if (thrown.length > 0) {
      s.append(" throws ").append(Arrays.stream(thrown).map(ApiSignature::name).sorted().collect(Collectors.joining(", ")));
    }
    return s.toString();
  }

  /** The run-time visible annotations of a declaration, as {@code "@A @B "}, or empty. */
  private static String annotations(AnnotatedElement element) {
    return render(element.getDeclaredAnnotations());
  }

  private static String render(Annotation[] annotations) {
    return Arrays.stream(annotations)
        .map(a -> "@" + a.annotationType().getSimpleName() + " ")
        .sorted()
        .collect(Collectors.joining());
  }

  private static String typeParameters(TypeVariable<?>[] variables) {
    if (variables.length == 0) {
      return "";
    }
    return Arrays.stream(variables).map(v -> {
      List<String> bounds = Arrays.stream(v.getAnnotatedBounds())
          .filter(b -> b.getType() != Object.class || b.getDeclaredAnnotations().length > 0)
          .map(ApiSignature::name)
          .collect(Collectors.toList());
      String name = render(v.getDeclaredAnnotations()) + v.getName();
      return bounds.isEmpty() ? name : name + " extends " + String.join(" & ", bounds);
    }).collect(Collectors.joining(", ", "<", ">"));
  }

  /**
   * A type use as source would spell it, type annotations included ({@code @Nullable String},
   * {@code List<@Nullable T>}, {@code String @Nullable []}), with binary names for nested classes
   * ({@code Outer$Inner}).
   */
  private static String name(AnnotatedType type) {
    String annotations = render(type.getDeclaredAnnotations());
    if (type instanceof AnnotatedArrayType) {
      String component = name(((AnnotatedArrayType) type).getAnnotatedGenericComponentType());
      return component + (annotations.isEmpty() ? "" : " " + annotations.trim() + " ") + "[]";
    }
    if (type instanceof AnnotatedParameterizedType) {
      ParameterizedType p = (ParameterizedType) type.getType();
      return annotations + ((Class<?>) p.getRawType()).getTypeName()
          + Arrays.stream(((AnnotatedParameterizedType) type).getAnnotatedActualTypeArguments())
              .map(ApiSignature::name).collect(Collectors.joining(", ", "<", ">"));
    }
    if (type instanceof AnnotatedWildcardType) {
      AnnotatedWildcardType w = (AnnotatedWildcardType) type;
      if (w.getAnnotatedLowerBounds().length > 0) {
        return annotations + "? super " + name(w.getAnnotatedLowerBounds()[0]);
      }
      AnnotatedType[] upper = w.getAnnotatedUpperBounds();
      boolean unbounded = upper.length == 0
          || (upper[0].getType() == Object.class && upper[0].getDeclaredAnnotations().length == 0);
      return annotations + (unbounded ? "?" : "? extends " + name(upper[0]));
    }
    if (type instanceof AnnotatedTypeVariable) {
      return annotations + type.getType().getTypeName();
    }
    return annotations + type.getType().getTypeName();
  }
}
