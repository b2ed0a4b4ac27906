package org.jtee.tapkg.tool;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.classfile.AccessFlags;
import java.lang.classfile.ClassFile;
import java.lang.reflect.AccessFlag;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jtee.tapkg.TaDeclaration;
import org.jtee.tapkg.TaJar;

/**
 * Packages every TA of a compiled class directory, one JAR and one signed image per Java package,
 * for builds that hold several TAs and must not list them (jtee-xtest-tas):
 *
 * <pre>
 * PackageTaPackages --classes DIR --jars DIR --out DIR [--shared PKG]...
 *                   [--key PEM [--chain PEM]] [--encrypt [--encryption-key FILE]] [--keys-dir DIR]
 * </pre>
 *
 * <p>A <em>TA package</em> is a package of {@code --classes} that holds a class annotated
 * {@code @org.jtee.ta.Ta} (read from the class file, nothing is loaded or run); it must hold exactly
 * one, concrete. Its JAR, {@code <jars>/<package>.jar}, holds every file directly in the package's
 * directory (classes and resources, not sub-packages) and every file under each {@code --shared}
 * package's directory, with a manifest naming the TA class. Each JAR is then signed as
 * {@link PackageTa} does, with the UUID and version of its {@code @Ta}, into
 * {@code <out>/<uuid>.ta}; the signing options are PackageTa's. A shared package may hold no TA.
 */
public final class PackageTaPackages {
    private static final List<String> OWN_OPTIONS = List.of("--classes", "--jars", "--out", "--shared");
    private static final List<String> SIGNING_OPTIONS = List.of("--key", "--chain", "--encryption-key", "--keys-dir");
    private static final String USAGE = "usage: PackageTaPackages --classes DIR --jars DIR --out DIR [--shared PKG]..."
            + " [--key PEM [--chain PEM]] [--encrypt [--encryption-key FILE]] [--keys-dir DIR]";

    /** A class annotated {@code @Ta}: its binary name and the annotation's uuid and version. */
    record TaClass(String name, String uuid, String version) {
        String packageName() {
            int dot = name.lastIndexOf('.');
            return dot < 0 ? "" : name.substring(0, dot);
        }
    }

    private PackageTaPackages() {}

    /** Throws {@link IllegalArgumentException} for a usage error or a badly laid out class directory. */
    public static void main(String[] args) throws Exception {
        run(args, System.out);
    }

    /** Does the work of {@link #main} and returns the images written, in package order. */
    public static List<Path> run(String[] args, PrintStream out) throws Exception {
        Map<String, List<String>> opts = parse(args);
        Path classes = Path.of(single(opts, "--classes"));
        Path jars = Path.of(single(opts, "--jars"));
        String outDir = single(opts, "--out");
        List<String> shared = opts.getOrDefault("--shared", List.of());
        Map<String, TaClass> tas = findTas(classes);
        for (String pkg : shared) {
            if (tas.containsKey(pkg)) {
                throw new IllegalArgumentException("shared package " + pkg + " holds the TA " + tas.get(pkg).name());
            }
        }
        Map<String, byte[]> sharedFiles = new TreeMap<>();
        for (String pkg : shared) {
            sharedFiles.putAll(files(classes, pkg, true));
        }
        Files.createDirectories(jars);
        List<Path> images = new ArrayList<>();
        for (TaClass ta : tas.values()) {
            Map<String, byte[]> entries = new TreeMap<>(sharedFiles);
            entries.putAll(files(classes, ta.packageName(), false));
            Path jar = Files.write(jars.resolve(ta.packageName() + ".jar"), TaJar.of(ta.name(), entries));
            images.add(PackageTa.run(signArgs(opts, jar, outDir, ta), out));
        }
        if (tas.isEmpty()) {
            out.println("no @Ta class under " + classes + ": no TA packaged");
        }
        return images;
    }

    /** Every {@code @Ta} class under {@code classes}, by package; fails on a package with two. */
    static Map<String, TaClass> findTas(Path classes) throws IOException {
        Map<String, TaClass> byPackage = new TreeMap<>();
        List<Path> classFiles;
        try (Stream<Path> walk = Files.walk(classes)) {
            classFiles = walk.filter(p -> p.toString().endsWith(".class") && Files.isRegularFile(p)).sorted().toList();
        }
        for (Path file : classFiles) {
            Optional<TaClass> ta = taClass(Files.readAllBytes(file), file);
            if (ta.isEmpty()) {
                continue;
            }
            TaClass other = byPackage.putIfAbsent(ta.get().packageName(), ta.get());
            if (other != null) {
                throw new IllegalArgumentException("package " + ta.get().packageName() + " holds two TAs, "
                        + other.name() + " and " + ta.get().name() + ": give each TA a package of its own");
            }
        }
        return byPackage;
    }

    /** The class's {@code @Ta}, if it has one ({@link TaDeclaration}, as the core reads it). */
    private static Optional<TaClass> taClass(byte[] classFile, Path where) {
        Optional<TaDeclaration> ta;
        try {
            ta = TaDeclaration.ofClassFile(classFile);
        } catch (IOException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
        if (ta.isEmpty()) {
            return Optional.empty();
        }
        String name = ta.get().className();
        AccessFlags flags = ClassFile.of().parse(classFile).flags();
        if (flags.has(AccessFlag.ABSTRACT) || flags.has(AccessFlag.INTERFACE)) {
            throw new IllegalArgumentException(name + " (" + where + ") is annotated @Ta but cannot be instantiated");
        }
        return Optional.of(new TaClass(name, ta.get().uuid().toString(), ta.get().version()));
    }

    /**
     * The files of package {@code pkg} (its sub-packages too if {@code deep}), keyed by their path
     * in a JAR; a package with no directory has none.
     */
    static Map<String, byte[]> files(Path classes, String pkg, boolean deep) throws IOException {
        Path dir = pkg.isEmpty() ? classes : classes.resolve(pkg.replace('.', '/'));
        Map<String, byte[]> files = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> walk = deep ? Files.walk(dir) : Files.list(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(jarPath(classes.relativize(p)), Files.readAllBytes(p));
            }
        }
        return files;
    }

    private static String jarPath(Path relative) {
        List<String> parts = new ArrayList<>();
        relative.forEach(part -> parts.add(part.toString()));
        return String.join("/", parts);
    }

    private static String[] signArgs(Map<String, List<String>> opts, Path jar, String outDir, TaClass ta) {
        List<String> args = new ArrayList<>(List.of("--jar", jar.toString(), "--out", outDir, "--class", ta.name(),
                "--uuid", ta.uuid(), "--ta-version", ta.version()));
        for (String option : SIGNING_OPTIONS) {
            if (opts.containsKey(option)) {
                args.add(option);
                args.add(single(opts, option));
            }
        }
        if (opts.containsKey("--encrypt")) {
            args.add("--encrypt");
        }
        return args.toArray(String[]::new);
    }

    private static Map<String, List<String>> parse(String[] args) {
        Map<String, List<String>> opts = new TreeMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--encrypt")) {
                opts.put(a, List.of());
            } else if ((OWN_OPTIONS.contains(a) || SIGNING_OPTIONS.contains(a)) && i + 1 < args.length) {
                opts.computeIfAbsent(a, k -> new ArrayList<>()).add(args[++i]);
            } else {
                throw new IllegalArgumentException("unknown or incomplete option " + a + "; " + USAGE);
            }
        }
        return opts;
    }

    private static String single(Map<String, List<String>> opts, String name) {
        List<String> v = opts.get(name);
        if (v == null) {
            throw new IllegalArgumentException(name + " is required; " + USAGE);
        }
        if (v.size() > 1) {
            throw new IllegalArgumentException(name + " given " + v.size() + " times; " + USAGE);
        }
        return v.getFirst();
    }
}
