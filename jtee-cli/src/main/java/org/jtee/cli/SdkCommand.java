package org.jtee.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jtee sdk}: what a TA project outside this repository builds against. {@code install}
 * puts the SDK's artifacts ({@link Sdk}) into a Maven local repository exactly as
 * {@code mvn install} would, so any Maven 3.8+ resolves {@code org.jtee:jtee-ta-api} and the rest
 * at jtee's version without the network.
 */
@Command(name = "sdk", mixinStandardHelpOptions = true,
        description = "The TA developer's SDK (TA API, client, signing tool, JUnit test kit): install, info.",
        subcommands = {SdkCommand.Install.class, SdkCommand.Info.class})
final class SdkCommand implements Runnable {
    /** A repository's files are readable by all, as Maven writes them (a temporary file is owner-only). */
    private static final java.nio.file.attribute.FileAttribute<?> READABLE =
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = "Install the SDK into a Maven local repository (default: the one Maven uses, ~/.m2/repository "
                    + "unless ~/.m2/settings.xml names another).")
    static final class Install extends ToolCommand {
        @Option(names = "--maven-repo", paramLabel = "DIR", description = "The local repository to install into.")
        Path repo;

        @Override
        int run() throws CommandFailure, IOException {
            Sdk sdk = Sdk.beside();
            Path into = repo != null ? repo : defaultLocalRepository();
            String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
            for (Sdk.Artifact a : sdk.artifacts()) {
                install(into, a, stamp);
            }
            System.out.println("installed the jtee SDK " + sdk.version() + " (" + sdk.artifacts().size()
                    + " artifacts of group " + Sdk.GROUP_ID + ") into " + into);
            System.out.println("a TA project depends on " + String.join(", ", Sdk.ENTRY_POINTS.stream()
                    .map(id -> Sdk.GROUP_ID + ":" + id + ":" + sdk.version()).toList()));
            System.out.println("start one with: jtee new-ta --package com.example.counter --name Counter");
            return 0;
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true, description = "Print the SDK's version, artifacts and pinned plugins.")
    static final class Info extends ToolCommand {
        @Override
        int run() throws CommandFailure, IOException {
            Sdk sdk = Sdk.beside();
            System.out.println("jtee SDK " + sdk.version() + " in " + sdk.directory());
            for (Sdk.Artifact a : sdk.artifacts()) {
                String role = Sdk.ENTRY_POINTS.contains(a.artifactId()) ? "" : a.jar() == null ? "  (parent pom)" : "  (dependency)";
                System.out.println("  " + Sdk.GROUP_ID + ":" + a.artifactId() + ":" + a.version() + role);
            }
            System.out.println("JUnit " + sdk.junitVersion() + "; plugins " + sdk.pluginVersions());
            return 0;
        }
    }

    /** Where Maven keeps its local repository: {@code <localRepository>} of the user's settings, else ~/.m2/repository. */
    static Path defaultLocalRepository() throws IOException {
        Path m2 = Path.of(System.getProperty("user.home"), ".m2");
        Path settings = m2.resolve("settings.xml");
        if (Files.isRegularFile(settings)) {
            Matcher m = Pattern.compile("<localRepository>\\s*([^<]+?)\\s*</localRepository>")
                    .matcher(Files.readString(settings));
            if (m.find()) {
                String dir = m.group(1).replace("${user.home}", System.getProperty("user.home"));
                return Path.of(dir);
            }
        }
        return m2.resolve("repository");
    }

    /**
     * Writes one artifact as maven-install-plugin does: the files under
     * {@code org/jtee/<id>/<version>/}, {@code _remote.repositories} marking them installed
     * locally, and the local metadata a snapshot needs. Each file goes through a rename, so a
     * Maven build running beside it never reads half a jar.
     */
    private static void install(Path repo, Sdk.Artifact a, String stamp) throws IOException {
        Path dir = repo.resolve(Sdk.GROUP_ID.replace('.', '/')).resolve(a.artifactId()).resolve(a.version());
        Files.createDirectories(dir);
        String base = a.artifactId() + "-" + a.version();
        write(dir.resolve(base + ".pom"), a.pom());
        StringBuilder tracking = new StringBuilder("#NOTE: written by jtee sdk install, as Maven's install does\n");
        tracking.append(base).append(".pom>=\n");
        StringBuilder snapshotVersions = new StringBuilder(entry("pom", a.version(), stamp));
        if (a.jar() != null) {
            replace(dir.resolve(base + ".jar"), tmp -> Files.copy(a.jar(), tmp, StandardCopyOption.REPLACE_EXISTING));
            tracking.append(base).append(".jar>=\n");
            snapshotVersions.append(entry("jar", a.version(), stamp));
        }
        write(dir.resolve("_remote.repositories"), tracking.toString().getBytes(StandardCharsets.UTF_8));
        String head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<metadata modelVersion=\"1.1.0\">\n  <groupId>"
                + Sdk.GROUP_ID + "</groupId>\n  <artifactId>" + a.artifactId() + "</artifactId>\n";
        if (a.version().endsWith("-SNAPSHOT")) {
            write(dir.resolve("maven-metadata-local.xml"), (head + "  <version>" + a.version() + "</version>\n"
                    + "  <versioning>\n    <snapshot>\n      <localCopy>true</localCopy>\n    </snapshot>\n"
                    + "    <lastUpdated>" + stamp + "</lastUpdated>\n    <snapshotVersions>\n" + snapshotVersions
                    + "    </snapshotVersions>\n  </versioning>\n</metadata>\n").getBytes(StandardCharsets.UTF_8));
        }
        Path versionsFile = dir.getParent().resolve("maven-metadata-local.xml");
        StringBuilder versions = new StringBuilder();
        for (String v : versions(versionsFile, a.version())) {
            versions.append("      <version>").append(v).append("</version>\n");
        }
        write(versionsFile, (head + "  <versioning>\n    <versions>\n" + versions + "    </versions>\n    <lastUpdated>"
                + stamp + "</lastUpdated>\n  </versioning>\n</metadata>\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The versions the artifact's local metadata lists already, and {@code added}: older installs stay listed. */
    private static java.util.Set<String> versions(Path metadata, String added) throws IOException {
        java.util.Set<String> all = new java.util.TreeSet<>();
        if (Files.isRegularFile(metadata)) {
            Matcher m = Pattern.compile("<version>\\s*([^<\\s]+)\\s*</version>").matcher(Files.readString(metadata));
            while (m.find()) {
                all.add(m.group(1));
            }
        }
        all.add(added);
        return all;
    }

    private static String entry(String extension, String version, String stamp) {
        return "      <snapshotVersion>\n        <extension>" + extension + "</extension>\n        <value>" + version
                + "</value>\n        <updated>" + stamp + "</updated>\n      </snapshotVersion>\n";
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        replace(file, tmp -> Files.write(tmp, bytes));
    }

    /** How {@link #replace} fills the temporary file. */
    private interface Filler {
        void fill(Path tmp) throws IOException;
    }

    /** Replaces {@code file} by a temporary file beside it that {@code filler} filled, renamed over it. */
    private static void replace(Path file, Filler filler) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), ".jtee-", ".tmp", READABLE);
        try {
            filler.fill(tmp);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
