package org.jtee.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jtee new-ta}: a complete TA project to start from, built by a stock Maven against the
 * SDK that {@code jtee sdk install} installs. Two modules: the TA (release 25) with its JUnit tests
 * run by {@code jtee-ta-test} and signed at {@code package}, and the client with the contract
 * (release 17). Every plugin is pinned to the version jtee's own build uses.
 */
@Command(name = "new-ta", mixinStandardHelpOptions = true,
        description = "Generate a TA project: a TA module (Java 25, JUnit tests, signed at package) and a client module "
                + "(Java 17), for a stock Maven and the SDK of `jtee sdk install`.")
final class NewTaCommand extends ToolCommand {
    private static final Pattern NAME = Pattern.compile("[A-Z][A-Za-z0-9]*");
    private static final Pattern PACKAGE = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)*");
    /** Java's keywords and literals: not a package segment. */
    private static final Set<String> RESERVED = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
            "catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends",
            "final", "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int",
            "interface", "long", "native", "new", "package", "private", "protected", "public", "return", "short",
            "static", "strictfp", "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try",
            "void", "volatile", "while", "true", "false", "null", "_");
    private static final Pattern PLACEHOLDER = Pattern.compile("@([A-Za-z_][A-Za-z0-9_.-]*)@");

    @Option(names = "--package", required = true, paramLabel = "P", description = "The Java package, e.g. com.example.counter; also the Maven groupId.")
    String packageName;

    @Option(names = "--name", required = true, paramLabel = "N", description = "The TA's name, a Java class name prefix, e.g. Counter (-> CounterTa, CounterClient).")
    String name;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where to generate (default: ./<name in kebab case>); must not exist or be empty.")
    Path dir;

    @Option(names = "--uuid", paramLabel = "U", description = "The TA's UUID (default: a new random one).")
    String uuid;

    @Override
    int run() throws CommandFailure, IOException {
        if (!NAME.matcher(name).matches()) {
            throw CommandFailure.usage("--name " + name + ": give a Java class name prefix, a capital letter then "
                    + "letters and digits (e.g. Counter)");
        }
        if (!PACKAGE.matcher(packageName).matches()
                || Stream.of(packageName.split("\\.")).anyMatch(RESERVED::contains)) {
            throw CommandFailure.usage("--package " + packageName + ": give a Java package name in lower case, "
                    + "dot-separated, no Java keywords (e.g. com.example.counter)");
        }
        UUID id;
        try {
            id = uuid == null ? UUID.randomUUID() : UUID.fromString(uuid);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.usage("--uuid " + uuid + " is not a UUID");
        }
        Sdk sdk = Sdk.beside();
        String artifact = kebab(name);
        Path target = (dir != null ? dir : Path.of(artifact)).toAbsolutePath().normalize();
        requireEmpty(target);
        Map<String, String> values = values(sdk, artifact, id);
        for (Map.Entry<String, String> file : layout(artifact).entrySet()) {
            Path out = target.resolve(file.getKey());
            Files.createDirectories(out.getParent());
            Files.writeString(out, fill(template(file.getValue()), values, file.getValue()));
        }
        System.out.println("generated TA " + name + " (" + id + ") in " + target);
        System.out.println("  " + artifact + "-ta/      the TA " + packageName + ".ta." + name + "Ta and its JUnit tests");
        System.out.println("  " + artifact + "-client/  the contract " + packageName + "." + name + "Contract and a client");
        System.out.println("next: cd " + target + " && mvn package   (with a JDK 25 as JAVA_HOME; the jtee SDK "
                + sdk.version() + " from `jtee sdk install`)");
        return 0;
    }

    /** Counter -> counter, KeyVault -> key-vault. */
    static String kebab(String className) {
        return className.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** Generated file (relative to the project) -> its template. */
    private Map<String, String> layout(String artifact) {
        String pkg = packageName.replace('.', '/');
        String client = artifact + "-client/";
        String ta = artifact + "-ta/";
        Map<String, String> files = new LinkedHashMap<>();
        files.put("pom.xml", "pom.xml.tmpl");
        files.put("README.md", "README.md.tmpl");
        files.put(".gitignore", "gitignore.tmpl");
        files.put(client + "pom.xml", "client-pom.xml.tmpl");
        files.put(client + "src/main/java/" + pkg + "/" + name + "Contract.java", "Contract.java.tmpl");
        files.put(client + "src/main/java/" + pkg + "/client/" + name + "Client.java", "Client.java.tmpl");
        files.put(ta + "pom.xml", "ta-pom.xml.tmpl");
        files.put(ta + "src/main/java/" + pkg + "/ta/" + name + "Ta.java", "Ta.java.tmpl");
        files.put(ta + "src/test/java/" + pkg + "/ta/" + name + "TaTest.java", "TaTest.java.tmpl");
        return files;
    }

    private Map<String, String> values(Sdk sdk, String artifact, UUID id) throws CommandFailure {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("PACKAGE", packageName); // also the groupId
        v.put("NAME", name);
        v.put("ARTIFACT", artifact);
        v.put("UUID", id.toString());
        v.put("JTEE_VERSION", sdk.version());
        if (sdk.junitVersion() == null) {
            throw CommandFailure.failed("jtee's parent pom names no junit.version; rebuild jtee");
        }
        v.put("JUNIT_VERSION", sdk.junitVersion());
        // @V_<plugin>@: the version jtee's parent pom pins (a template naming another is a bug: fill says so)
        sdk.pluginVersions().forEach((plugin, version) -> v.put("V_" + plugin, version));
        return v;
    }

    private static String template(String name) throws IOException {
        try (InputStream in = NewTaCommand.class.getResourceAsStream("newta/" + name)) {
            if (in == null) {
                throw new IllegalStateException("template newta/" + name + " is missing from the CLI");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The template with each {@code @KEY@} replaced; a key without a value is a bug in the templates. */
    static String fill(String template, Map<String, String> values, String templateName) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("template " + templateName + " uses @" + m.group(1) + "@, which has no value");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static void requireEmpty(Path target) throws CommandFailure, IOException {
        if (!Files.exists(target)) {
            return;
        }
        if (!Files.isDirectory(target)) {
            throw CommandFailure.failed(target + " exists and is not a directory; choose another with --dir");
        }
        try (Stream<Path> entries = Files.list(target)) {
            if (entries.findAny().isPresent()) {
                throw CommandFailure.failed(target + " is not empty; nothing was written (choose another with --dir)");
            }
        }
    }
}
