package org.jtee.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TA author's first hour, run as the TA developer guide tells it: {@code jtee sdk install} into an
 * empty Maven repository, {@code jtee new-ta}, a stock Maven's {@code mvn package} (the generated
 * JUnit tests run the TA in-process, then the TA is signed), {@code jtee up}, {@code jtee ta
 * install}, the generated client, the same JUnit tests against the running jtee, {@code jtee
 * call} and {@code jtee logs}; then a version 1.1 and back to 1.0 ({@code jtee ta uninstall},
 * {@code jtee ta reset-floor}). Every command comes from the guide: the test checks that the guide
 * shows each one.
 *
 * <p>Everything runs as a fresh user would: {@code HOME} is a new directory, so the development
 * key, the jtee home and the Maven local repository start empty. Maven takes what is not jtee's
 * (plugins, JUnit, Bouncy Castle) from a file repository made of this build's own local repository
 * without {@code org/jtee} — so the test needs no network and the SDK install is the only source
 * of jtee — and from Maven Central after it.
 */
class TaProjectTest {
    /** The guide's commands, in its order; {@code <uuid>} stands for the generated TA's UUID. */
    private static final String SDK_INSTALL = "jtee sdk install";
    private static final String NEW_TA = "jtee new-ta --package com.example.counter --name Counter";
    private static final String JAVA_HOME = "export JAVA_HOME=\"$(jtee java-home)\"";
    private static final String PACKAGE = "mvn package";
    private static final String UP = "jtee up";
    private static final String INSTALL = "jtee ta install counter-ta/target/ta/<uuid>.ta";
    private static final String CLIENT = "mvn -q -f counter-client exec:java";
    private static final String TEST_RUNNING = "mvn test -Djtee.test.target=running";
    private static final String CALL = "jtee call <uuid> 0 value-inout=5,0";
    private static final String LOGS = "jtee logs";
    private static final String UNINSTALL = "jtee ta uninstall <uuid>";
    private static final String RESET_FLOOR = "jtee ta reset-floor <uuid>";

    @TempDir
    Path tmp;

    private Map<String, String> env;

    @Test
    void fromNothingToACalledTa_withTheGuidesCommands() throws Exception {
        String guide = Files.readString(repositoryRoot().resolve("docs/ta-developer-guide.md"));
        for (String command : List.of(SDK_INSTALL, NEW_TA, JAVA_HOME, PACKAGE, UP, INSTALL, CLIENT, TEST_RUNNING, CALL,
                LOGS, UNINSTALL, RESET_FLOOR, "@Ta(version = \"1.1\")")) {
            assertTrue(guide.contains(command), "the guide shows `" + command + "`");
        }
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path work = Files.createDirectories(tmp.resolve("work"));
        env = freshUser(home);
        offlineCentral(home);

        Result sdk = jtee(work, SDK_INSTALL);
        assertTrue(sdk.out.contains("installed the jtee SDK"), sdk.toString());
        try (Stream<Path> jtee = Files.list(home.resolve(".m2/repository"))) {
            assertEquals(List.of("org"), jtee.map(p -> p.getFileName().toString()).toList(), "only the SDK before the build");
        }

        Result generated = jtee(work, NEW_TA);
        Matcher m = Pattern.compile("generated TA Counter \\(([0-9a-f-]{36})\\)").matcher(generated.out);
        assertTrue(m.find(), generated.toString());
        String uuid = m.group(1);
        Path project = work.resolve("counter");

        Result built = mvn(project, PACKAGE);
        assertTrue(built.out.contains("Tests run: 4, Failures: 0, Errors: 0"), built.toString());
        Path image = project.resolve("counter-ta/target/ta/" + uuid + ".ta");
        assertTrue(Files.isRegularFile(image), built.toString());
        assertTrue(built.out.contains("jtee: created a development TA signing key"), "the first package makes the key: " + built);
        assertEquals(61, classVersion(project.resolve("counter-client/target/classes/com/example/counter/client/CounterClient.class")),
                "the client runs on Java 17");
        assertEquals(69, classVersion(project.resolve("counter-ta/target/classes/com/example/counter/ta/CounterTa.class")));

        Process tee = start(work, UP);
        try {
            awaitRunning(work, tee);
            Result installed = jtee(project, INSTALL.replace("<uuid>", uuid));
            assertTrue(installed.out.contains(uuid), installed.toString());

            Result client = mvn(project, CLIENT);
            assertTrue(client.out.contains("session count 1, instance count 1\nsession count 2, instance count 2\n"
                    + "echo: hello from the normal world\n"), client.toString());

            Result againstTee = mvn(project, TEST_RUNNING);
            assertTrue(againstTee.out.contains("Tests run: 4, Failures: 0, Errors: 0"), againstTee.toString());

            Result call = jtee(project, CALL.replace("<uuid>", uuid));
            assertTrue(call.out.contains("TEE_SUCCESS"), call.toString());
            assertTrue(call.out.contains("a=5"), call.toString());
            Result logs = jtee(project, LOGS);
            assertTrue(logs.out.contains("loaded TA " + uuid + " version 1.0.0"), logs.toString());

            // §9: a new version, then back to the old one while developing
            Path source = project.resolve("counter-ta/src/main/java/com/example/counter/ta/CounterTa.java");
            String v10 = Files.readString(source);
            Files.writeString(source, v10.replace("version = \"1.0\"", "version = \"1.1\""));
            mvn(project, PACKAGE);
            jtee(project, INSTALL.replace("<uuid>", uuid));
            assertTrue(jtee(project, CALL.replace("<uuid>", uuid)).out.contains("TEE_SUCCESS"));
            Files.writeString(source, v10);
            mvn(project, PACKAGE);
            Result older = run(project, INSTALL, cliCommand(INSTALL.replace("<uuid>", uuid)));
            assertEquals(1, older.status, older.toString());
            assertTrue(older.out.contains("older than the installed version 1.1.0"), older.toString());
            jtee(project, UNINSTALL.replace("<uuid>", uuid));
            jtee(project, INSTALL.replace("<uuid>", uuid));
            Result refused = run(project, CALL, cliCommand(CALL.replace("<uuid>", uuid)));
            assertEquals(1, refused.status, refused.toString());
            assertTrue(refused.out.contains("TEE_ERROR_SECURITY"), refused.toString());
            assertTrue(refused.out.contains("jtee ta reset-floor " + uuid), refused.toString());
            Result reset = jtee(project, RESET_FLOOR.replace("<uuid>", uuid));
            assertTrue(reset.out.contains("(it was 1.1.0)"), reset.toString());
            assertTrue(jtee(project, CALL.replace("<uuid>", uuid)).out.contains("TEE_SUCCESS"));
        } finally {
            tee.destroy();
            if (!tee.waitFor(30, TimeUnit.SECONDS)) {
                tee.destroyForcibly();
            }
        }
    }

    /** Exit status and output of one command. */
    private record Result(String command, int status, String out) {
        @Override
        public String toString() {
            return "$ " + command + " (exit " + status + ")\n" + out;
        }
    }

    /** A user with nothing: a new HOME and none of the variables that point jtee or Maven elsewhere. */
    private static Map<String, String> freshUser(Path home) {
        Map<String, String> e = new HashMap<>(System.getenv());
        e.keySet().removeIf(k -> k.startsWith("JTEE_") || k.startsWith("XDG_") || k.startsWith("MAVEN_")
                || k.equals("JAVA_TOOL_OPTIONS") || k.equals("JDK_JAVA_OPTIONS") || k.equals("_JAVA_OPTIONS"));
        e.put("HOME", home.toString());
        // Java takes user.home from the password database, not $HOME: Maven's ~/.m2 is under it
        e.put("MAVEN_OPTS", "-Duser.home=" + home);
        // what `export JAVA_HOME="$(jtee java-home)"` sets: the JDK this build runs on
        e.put("JAVA_HOME", System.getProperty("java.home"));
        return e;
    }

    /**
     * {@code ~/.m2/settings.xml} of the fresh user: Maven looks for what is not jtee's in a file
     * repository of symbolic links to this build's local repository, {@code org/jtee} left out,
     * before Maven Central.
     */
    private void offlineCentral(Path home) throws IOException {
        Path source = Path.of(System.getProperty("user.home"), ".m2", "repository");
        Path mirror = Files.createDirectories(tmp.resolve("central-cache"));
        if (Files.isDirectory(source)) {
            try (Stream<Path> top = Files.list(source)) {
                for (Path p : top.toList()) {
                    if (!p.getFileName().toString().equals("org")) {
                        Files.createSymbolicLink(mirror.resolve(p.getFileName().toString()), p);
                    }
                }
            }
            Path org = Files.createDirectories(mirror.resolve("org"));
            try (Stream<Path> orgs = Files.list(source.resolve("org"))) {
                for (Path p : orgs.toList()) {
                    if (!p.getFileName().toString().equals("jtee")) {
                        Files.createSymbolicLink(org.resolve(p.getFileName().toString()), p);
                    }
                }
            }
        }
        // a local repository keeps no checksum files: nothing to check them against
        String repo = "<id>build-cache</id><url>" + mirror.toUri() + "</url>"
                + "<releases><checksumPolicy>ignore</checksumPolicy></releases><snapshots><enabled>false</enabled></snapshots>";
        Files.createDirectories(home.resolve(".m2"));
        Files.writeString(home.resolve(".m2/settings.xml"), """
                <settings>
                  <profiles><profile><id>build-cache</id>
                    <repositories><repository>%s</repository></repositories>
                    <pluginRepositories><pluginRepository>%s</pluginRepository></pluginRepositories>
                  </profile></profiles>
                  <activeProfiles><activeProfile>build-cache</activeProfile></activeProfiles>
                </settings>
                """.formatted(repo, repo));
    }

    private Result jtee(Path dir, String command) throws Exception {
        Result r = run(dir, command, cliCommand(command));
        assertEquals(0, r.status, r.toString());
        return r;
    }

    private Result mvn(Path dir, String command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(mavenExecutable(), "-B"));
        cmd.addAll(List.of(command.substring("mvn ".length()).split(" ")));
        Result r = run(dir, command, cmd);
        assertEquals(0, r.status, r.toString());
        return r;
    }

    /** {@code jtee ARGS} as bin/jtee runs it, on this build's classes (bin/jtee would rebuild them). */
    private List<String> cliCommand(String command) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Duser.home=" + env.get("HOME"), "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(command.substring("jtee ".length()).split(" ")));
        return cmd;
    }

    private Result run(Path dir, String command, List<String> cmd) throws Exception {
        Process p = process(dir, cmd);
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("`" + command + "` did not end");
        }
        return new Result(command, p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private Process start(Path dir, String command) throws IOException {
        Process p = process(dir, cliCommand(command));
        p.getOutputStream().close();
        // drain what it logs, so it never blocks on a full pipe
        Thread.ofVirtual().start(() -> {
            try (InputStream in = p.getInputStream()) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException e) {
                // the process is gone
            }
        });
        return p;
    }

    private Process process(Path dir, List<String> cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Until {@code jtee status} answers (the core and the supplicant are up), at most two minutes. */
    private void awaitRunning(Path dir, Process tee) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        Result last = null;
        while (System.nanoTime() < deadline) {
            if (!tee.isAlive()) {
                fail("jtee up exited with " + tee.exitValue());
            }
            last = run(dir, "jtee status", cliCommand("jtee status"));
            if (last.status == 0) {
                return;
            }
            Thread.sleep(500);
        }
        fail("jtee up did not come up: " + last);
    }

    /** A stock Maven: the machine's {@code mvn}, else the Apache distribution the wrapper unpacked. */
    private static String mavenExecutable() throws IOException {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path mvn = Path.of(dir.isEmpty() ? "." : dir, "mvn");
            if (Files.isExecutable(mvn)) {
                return mvn.toString();
            }
        }
        Path wrapper = Path.of(System.getProperty("user.home"), ".m2", "wrapper", "jtee");
        if (Files.isDirectory(wrapper)) {
            try (Stream<Path> dists = Files.list(wrapper)) {
                for (Path d : dists.sorted().toList()) {
                    if (Files.isExecutable(d.resolve("bin/mvn"))) {
                        return d.resolve("bin/mvn").toString();
                    }
                }
            }
        }
        throw new IOException("no Maven: neither mvn on PATH nor the wrapper's distribution in " + wrapper);
    }

    /** The class file's major version (61 is Java 17, 69 Java 25). */
    private static int classVersion(Path classFile) throws IOException {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(classFile))) {
            in.readInt();
            in.readUnsignedShort();
            return in.readUnsignedShort();
        }
    }

    /** The repository: jtee-cli's parent directory (tests run in the module's directory). */
    private static Path repositoryRoot() {
        return Path.of("").toAbsolutePath().getParent();
    }
}
