package org.jtee.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The TA developer's SDK as the build leaves it beside the CLI, in {@code jtee-cli/target/sdk}:
 * the jars of {@code jtee-ta-api}, {@code jtee-client}, {@code jtee-tapkg}, {@code jtee-ta-test}
 * and every jtee module they depend on (each jar carries its own pom), and {@code parent/pom.xml},
 * the pom they inherit from. The parent's plugin versions are the ones a generated TA project
 * pins, so a project builds with exactly the plugins jtee's own build uses.
 *
 * @param directory the SDK directory
 * @param version the jtee version every artifact has
 * @param artifacts the artifacts, parent first
 * @param pluginVersions plugin artifactId → version, from the parent's {@code pluginManagement}
 * @param junitVersion the JUnit 5 version jtee builds with
 */
record Sdk(Path directory, String version, List<Artifact> artifacts, Map<String, String> pluginVersions,
        String junitVersion) {
    static final String GROUP_ID = "org.jtee";
    /** What a TA project names in its poms; the rest comes along as their dependencies. */
    static final List<String> ENTRY_POINTS = List.of("jtee-ta-api", "jtee-client", "jtee-ta-test", "jtee-tapkg");

    /** One artifact: its pom, and its jar (null for the parent, which is a pom only). */
    record Artifact(String artifactId, String version, byte[] pom, Path jar) {}

    /** The SDK beside this CLI (see {@link BundledTas} for how the CLI finds its directory). */
    static Sdk beside() throws CommandFailure, IOException {
        Path dir = BundledTas.besideCli("sdk");
        if (dir == null) {
            throw CommandFailure.failed("this jtee has no SDK beside it (jtee-cli/target/sdk): build jtee with "
                    + "./mvnw install -DskipTests, or run bin/jtee, which builds it");
        }
        return load(dir);
    }

    /** Reads the SDK in {@code dir}. */
    static Sdk load(Path dir) throws CommandFailure, IOException {
        Path parentPom = dir.resolve("parent").resolve("pom.xml");
        if (!Files.isRegularFile(parentPom)) {
            throw CommandFailure.failed("the SDK in " + dir + " is incomplete: no parent/pom.xml; rebuild jtee");
        }
        byte[] parentBytes = Files.readAllBytes(parentPom);
        Element parent = parse(parentBytes, parentPom.toString());
        String version = text(parent, "version");
        String parentId = text(parent, "artifactId");
        List<Artifact> artifacts = new ArrayList<>();
        artifacts.add(new Artifact(parentId, version, parentBytes, null));
        List<Path> jars;
        try (Stream<Path> files = Files.list(dir)) {
            jars = files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted(Comparator.naturalOrder()).toList();
        }
        for (Path jar : jars) {
            artifacts.add(artifactOf(jar));
        }
        for (String needed : ENTRY_POINTS) {
            if (artifacts.stream().noneMatch(a -> a.artifactId().equals(needed))) {
                throw CommandFailure.failed("the SDK in " + dir + " has no " + needed + " jar; rebuild jtee");
            }
        }
        Element properties = child(parent, "properties");
        String junit = properties == null ? null : text(properties, "junit.version");
        return new Sdk(dir, version, List.copyOf(artifacts), pluginVersions(parent), junit);
    }

    /** The artifact of a jtee jar, named by the pom.properties and pom.xml the jar plugin put in it. */
    private static Artifact artifactOf(Path jar) throws CommandFailure, IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            var entries = file.stream().map(e -> e.getName())
                    .filter(n -> n.startsWith("META-INF/maven/" + GROUP_ID + "/") && n.endsWith("/pom.properties")).toList();
            if (entries.size() != 1) {
                throw CommandFailure.failed(jar + " does not name its Maven artifact (no single META-INF/maven/"
                        + GROUP_ID + "/*/pom.properties); rebuild jtee");
            }
            Properties props = new Properties();
            try (InputStream in = file.getInputStream(file.getEntry(entries.getFirst()))) {
                props.load(in);
            }
            String pomEntry = entries.getFirst().replace("pom.properties", "pom.xml");
            byte[] pom;
            try (InputStream in = file.getInputStream(file.getEntry(pomEntry))) {
                pom = in.readAllBytes();
            }
            return new Artifact(props.getProperty("artifactId"), props.getProperty("version"), pom, jar);
        }
    }

    private static Map<String, String> pluginVersions(Element project) {
        Map<String, String> versions = new LinkedHashMap<>();
        Element build = child(project, "build");
        Element management = build == null ? null : child(build, "pluginManagement");
        Element plugins = management == null ? null : child(management, "plugins");
        if (plugins == null) {
            return versions;
        }
        for (Node n = plugins.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element plugin && plugin.getTagName().equals("plugin")) {
                String id = text(plugin, "artifactId");
                String v = text(plugin, "version");
                if (id != null && v != null) {
                    versions.put(id, v);
                }
            }
        }
        return versions;
    }

    private static Element parse(byte[] xml, String what) throws CommandFailure {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            Document doc = f.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(xml));
            return doc.getDocumentElement();
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw CommandFailure.failed("cannot read " + what + ": " + e.getMessage());
        }
    }

    /** The first child element named {@code name}, or null. */
    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }
}
