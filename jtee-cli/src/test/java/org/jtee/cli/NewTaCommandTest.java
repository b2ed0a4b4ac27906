package org.jtee.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jtee new-ta} and {@code jtee sdk install} in this process; TaProjectTest builds what they make. */
class NewTaCommandTest {
    @TempDir
    Path tmp;

    @Test
    void generatesBothModulesWithEveryPlaceholderFilledAndThePluginsOfJteesOwnBuild() throws Exception {
        Path dir = tmp.resolve("vault");
        Cli.Result r = Cli.run("new-ta", "--package", "com.example.vault", "--name", "KeyVault", "--dir", dir.toString(),
                "--uuid", "12345678-1234-1234-1234-123456789abc");
        assertEquals(0, r.status(), r.toString());
        List<String> files;
        try (Stream<Path> all = Files.walk(dir)) {
            files = all.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
        assertEquals(List.of(".gitignore", "README.md", "key-vault-client/pom.xml",
                "key-vault-client/src/main/java/com/example/vault/KeyVaultContract.java",
                "key-vault-client/src/main/java/com/example/vault/client/KeyVaultClient.java",
                "key-vault-ta/pom.xml", "key-vault-ta/src/main/java/com/example/vault/ta/KeyVaultTa.java",
                "key-vault-ta/src/test/java/com/example/vault/ta/KeyVaultTaTest.java", "pom.xml"), files);
        Sdk sdk = Sdk.beside();
        String root = Files.readString(dir.resolve("pom.xml"));
        for (String plugin : List.of("maven-compiler-plugin", "maven-surefire-plugin", "maven-jar-plugin", "exec-maven-plugin")) {
            assertTrue(root.contains("<artifactId>" + plugin + "</artifactId>\n          <version>" + sdk.pluginVersions().get(plugin) + "</version>"),
                    plugin + " pinned to jtee's version in\n" + root);
        }
        assertTrue(root.contains("<jtee.version>" + sdk.version() + "</jtee.version>"), root);
        String contract = Files.readString(dir.resolve("key-vault-client/src/main/java/com/example/vault/KeyVaultContract.java"));
        assertTrue(contract.contains("UUID = \"12345678-1234-1234-1234-123456789abc\""), contract);
        assertTrue(Files.readString(dir.resolve("key-vault-client/pom.xml")).contains("<maven.compiler.release>17<"));
        assertTrue(Files.readString(dir.resolve("key-vault-ta/pom.xml")).contains("<maven.compiler.release>25<"));
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                assertFalse(Files.readString(p).matches("(?s).*@[A-Z_]+@.*"), "a placeholder left in " + p);
            }
        }
    }

    @Test
    void refusesABadNameOrPackageOrANonEmptyDirectory_writingNothing() throws IOException {
        Cli.Result name = Cli.run("new-ta", "--package", "com.example", "--name", "counter", "--dir", tmp.resolve("a").toString());
        assertEquals(2, name.status(), name.toString());
        assertTrue(name.err().contains("--name counter: give a Java class name prefix"), name.err());
        Cli.Result keyword = Cli.run("new-ta", "--package", "com.example.new", "--name", "Counter", "--dir", tmp.resolve("b").toString());
        assertEquals(2, keyword.status(), keyword.toString());
        assertTrue(keyword.err().contains("--package com.example.new: give a Java package name"), keyword.err());
        Path used = Files.createDirectories(tmp.resolve("used"));
        Files.writeString(used.resolve("notes.txt"), "mine");
        Cli.Result full = Cli.run("new-ta", "--package", "com.example", "--name", "Counter", "--dir", used.toString());
        assertEquals(1, full.status(), full.toString());
        assertTrue(full.err().contains("is not empty; nothing was written"), full.err());
        assertFalse(Files.exists(tmp.resolve("a")));
        assertFalse(Files.exists(tmp.resolve("b")));
        try (Stream<Path> left = Files.list(used)) {
            assertEquals(1, left.count());
        }
    }

    @Test
    void sdkInstall_writesEachArtifactAsMavenInstallDoes() throws Exception {
        Path repo = tmp.resolve("repo");
        Cli.Result r = Cli.run("sdk", "install", "--maven-repo", repo.toString());
        assertEquals(0, r.status(), r.toString());
        Sdk sdk = Sdk.beside();
        assertTrue(r.out().contains("installed the jtee SDK " + sdk.version()), r.out());
        for (String id : List.of("jtee-parent", "jtee-ta-api", "jtee-client", "jtee-ta-test", "jtee-tapkg", "jtee-core")) {
            Path dir = repo.resolve("org/jtee").resolve(id).resolve(sdk.version());
            assertTrue(Files.isRegularFile(dir.resolve(id + "-" + sdk.version() + ".pom")), id);
            assertEquals(!id.equals("jtee-parent"), Files.isRegularFile(dir.resolve(id + "-" + sdk.version() + ".jar")), id);
            assertTrue(Files.readString(dir.resolve("_remote.repositories")).contains(id + "-" + sdk.version() + ".pom>="), id);
        }
        // again: the same files, replaced in place
        assertEquals(0, Cli.run("sdk", "install", "--maven-repo", repo.toString()).status());
    }
}
