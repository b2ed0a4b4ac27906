package org.jtee.nativeclient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenSC's {@code pkcs11-tool} (Debian's opensc) against jtee's module and a running core: its
 * own self test ({@code --test}) on a token holding RSA, EC and AES keys, and a scripted session
 * that does what a user does with a token — initialise it and set the PINs, generate keys, sign
 * and verify, encrypt and decrypt, wrap and unwrap, derive, delete — each step checked, where
 * possible against OpenSSL on an exported public key. A failed step's message has the tool's
 * output, which names the PKCS#11 function and the return code ({@code C_SignInit failed: rv =
 * CKR_...}). Each test has a slot of its own.
 */
class Pkcs11ToolTest {
    private static final String SO_PIN = "so-pin-1234";
    private static final String PIN = "user-pin-1234";

    @TempDir
    static Path home;
    static Pkcs11Tee tee;
    static String tool;
    static String openssl;

    @TempDir
    Path work;

    @BeforeAll
    static void start() throws Exception {
        tool = Pkcs11Tee.program("pkcs11-tool", "opensc");
        openssl = Pkcs11Tee.program("openssl", "openssl");
        tee = Pkcs11Tee.start(home);
    }

    @AfterAll
    static void stop() {
        if (tee != null) {
            tee.close();
        }
    }

    /** pkcs11-tool on jtee's module with {@code args}. */
    private Pkcs11Tee.Run p11(String... args) throws Exception {
        List<String> command = Pkcs11Tee.command(tool, "--module", Pkcs11Tee.MODULE.toString());
        command.addAll(Arrays.asList(args));
        return tee.run(work, Map.of(), command);
    }

    /** pkcs11-tool logged in as the user on {@code slot}. */
    private Pkcs11Tee.Run user(int slot, String... args) throws Exception {
        List<String> all = Pkcs11Tee.command("--slot", Integer.toString(slot), "--login", "--pin", PIN);
        all.addAll(Arrays.asList(args));
        return p11(all.toArray(String[]::new));
    }

    private Pkcs11Tee.Run openssl(String... args) throws Exception {
        List<String> command = Pkcs11Tee.command(openssl);
        command.addAll(Arrays.asList(args));
        return tee.run(work, Map.of(), command);
    }

    /** {@code r}, which must have succeeded; else the step fails with the program's whole output. */
    private static Pkcs11Tee.Run ok(String step, Pkcs11Tee.Run r) {
        if (r.exit() != 0) {
            fail(step + " failed:\n" + r.transcript());
        }
        return r;
    }

    private static void contains(String step, Pkcs11Tee.Run r, String expected) {
        assertTrue((r.out() + r.err()).contains(expected), step + ": expected '" + expected + "' in:\n" + r.transcript());
    }

    /** C_InitToken, then C_InitPIN as SO: the token in {@code slot} ready for the user. */
    private void initToken(int slot, String label) throws Exception {
        String s = Integer.toString(slot);
        contains("init token", ok("init token (C_InitToken)",
                p11("--slot", s, "--init-token", "--label", label, "--so-pin", SO_PIN)), "Token successfully initialized");
        contains("init PIN", ok("init user PIN (C_Login as SO, C_InitPIN)",
                p11("--slot", s, "--init-pin", "--login", "--login-type", "so", "--so-pin", SO_PIN, "--pin", PIN)),
                "User PIN successfully initialized");
    }

    private void write(String name, byte[] data) throws Exception {
        Files.write(work.resolve(name), data);
    }

    private byte[] read(String name) throws Exception {
        return Files.readAllBytes(work.resolve(name));
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void pkcs11ToolSelfTestPassesOnATokenWithRsaEcAndAesKeys() throws Exception {
        initToken(0, "self-test");
        ok("RSA-2048 key pair (C_GenerateKeyPair)", user(0, "--keypairgen", "--key-type", "rsa:2048", "--id", "11",
                "--label", "rsa", "--usage-sign", "--usage-decrypt"));
        ok("EC P-256 key pair (C_GenerateKeyPair)", user(0, "--keypairgen", "--key-type", "EC:prime256v1", "--id", "12",
                "--label", "ec", "--usage-sign", "--usage-derive"));
        ok("AES-128 key (C_GenerateKey)", user(0, "--keygen", "--key-type", "AES:16", "--id", "13", "--label", "aes",
                "--usage-decrypt"));
        Pkcs11Tee.Run r = ok("pkcs11-tool --test", user(0, "--test"));
        contains("pkcs11-tool --test", r, "No errors");
        assertFalse(r.out().contains("ERR:") || r.out().contains("failed"), "pkcs11-tool --test:\n" + r.transcript());
    }

    @Test
    void scriptedSession() throws Exception {
        // token and PINs
        initToken(1, "scripted");
        contains("change PIN", ok("change user PIN (C_SetPIN)",
                p11("--slot", "1", "--change-pin", "--login", "--pin", PIN, "--new-pin", PIN + "-2")), "PIN successfully changed");
        Pkcs11Tee.Run oldPin = p11("--slot", "1", "--login", "--pin", PIN, "--list-objects");
        assertNotEquals(0, oldPin.exit(), "the old PIN still logs in:\n" + oldPin.transcript());
        contains("login with the old PIN", oldPin, "CKR_PIN_INCORRECT");
        ok("change user PIN back (C_SetPIN)", p11("--slot", "1", "--change-pin", "--login", "--pin", PIN + "-2",
                "--new-pin", PIN));

        // keys
        contains("RSA key pair", ok("RSA-2048 key pair (C_GenerateKeyPair)", user(1, "--keypairgen", "--key-type",
                "rsa:2048", "--id", "01", "--label", "rsa", "--usage-sign", "--usage-decrypt")), "RSA 2048 bits");
        contains("EC key pair", ok("EC P-256 key pair (C_GenerateKeyPair)", user(1, "--keypairgen", "--key-type",
                "EC:prime256v1", "--id", "02", "--label", "ec", "--usage-sign", "--usage-derive")), "EC_POINT 256 bits");
        ok("AES-128 wrapping key (C_GenerateKey)", user(1, "--keygen", "--key-type", "AES:16", "--id", "03", "--label",
                "aes", "--usage-decrypt", "--usage-wrap"));
        ok("AES-128 key to wrap (C_GenerateKey)", user(1, "--keygen", "--key-type", "AES:16", "--id", "04", "--label",
                "payload", "--extractable"));
        Pkcs11Tee.Run listed = ok("list objects (C_FindObjects, C_GetAttributeValue)", user(1, "--list-objects"));
        for (String label : List.of("label:      rsa", "label:      ec", "label:      aes", "label:      payload")) {
            contains("list objects", listed, label);
        }

        // public keys out, checked by OpenSSL
        ok("read RSA public key", user(1, "--read-object", "--type", "pubkey", "--id", "01", "-o", "rsa.der"));
        ok("RSA public key to PEM", openssl("pkey", "-pubin", "-inform", "DER", "-in", "rsa.der", "-out", "rsa.pem"));
        contains("RSA public key", openssl("pkey", "-pubin", "-in", "rsa.pem", "-text", "-noout"), "(2048 bit)");
        ok("read EC public key", user(1, "--read-object", "--type", "pubkey", "--id", "02", "-o", "ec.der"));
        ok("EC public key to PEM", openssl("pkey", "-pubin", "-inform", "DER", "-in", "ec.der", "-out", "ec.pem"));
        contains("EC public key", openssl("pkey", "-pubin", "-in", "ec.pem", "-text", "-noout"), "prime256v1");

        // sign and verify
        write("data", random(1000, 1));
        write("tampered", random(1000, 2));
        ok("RSA sign (C_SignInit, C_Sign: CKM_SHA256_RSA_PKCS)",
                user(1, "--sign", "-m", "SHA256-RSA-PKCS", "--id", "01", "-i", "data", "-o", "rsa.sig"));
        contains("OpenSSL verifies the RSA signature",
                openssl("dgst", "-sha256", "-verify", "rsa.pem", "-signature", "rsa.sig", "data"), "Verified OK");
        contains("RSA verify", ok("RSA verify (C_VerifyInit, C_Verify)", user(1, "--verify", "-m", "SHA256-RSA-PKCS",
                "--id", "01", "-i", "data", "--signature-file", "rsa.sig")), "Signature is valid");
        Pkcs11Tee.Run bad = user(1, "--verify", "-m", "SHA256-RSA-PKCS", "--id", "01", "-i", "tampered",
                "--signature-file", "rsa.sig");
        contains("RSA verify of other data", bad, "Invalid signature");
        ok("ECDSA sign (C_SignInit, C_Sign: CKM_ECDSA_SHA256)", user(1, "--sign", "-m", "ECDSA-SHA256", "--id", "02",
                "-i", "data", "-o", "ec.sig", "--signature-format", "openssl"));
        contains("OpenSSL verifies the ECDSA signature",
                openssl("dgst", "-sha256", "-verify", "ec.pem", "-signature", "ec.sig", "data"), "Verified OK");
        contains("ECDSA verify", ok("ECDSA verify (C_VerifyInit, C_Verify)", user(1, "--verify", "-m", "ECDSA-SHA256",
                "--id", "02", "-i", "data", "--signature-file", "ec.sig", "--signature-format", "openssl")),
                "Signature is valid");

        // encrypt and decrypt: AES on the token both ways, RSA with OpenSSL's encryption
        byte[] plain = random(64, 3);
        write("plain", plain);
        for (String mech : List.of("AES-CBC", "AES-ECB")) {
            List<String> iv = mech.equals("AES-CBC") ? List.of("--iv", "000102030405060708090a0b0c0d0e0f") : List.of();
            ok(mech + " encrypt (C_EncryptInit, C_Encrypt)", user(1, concat(List.of("--encrypt", "-m", mech, "--id", "03",
                    "-i", "plain", "-o", "cipher"), iv)));
            assertEquals(64, read("cipher").length, mech + " ciphertext length");
            assertFalse(Arrays.equals(plain, read("cipher")), mech + " ciphertext is the plaintext");
            ok(mech + " decrypt (C_DecryptInit, C_Decrypt)", user(1, concat(List.of("--decrypt", "-m", mech, "--id", "03",
                    "-i", "cipher", "-o", "deciphered"), iv)));
            assertArrayEquals(plain, read("deciphered"), mech + " round trip");
        }
        ok("OpenSSL RSA PKCS#1 v1.5 encryption",
                openssl("pkeyutl", "-encrypt", "-pubin", "-inkey", "rsa.pem", "-in", "plain", "-out", "rsa-pkcs.enc"));
        ok("RSA PKCS#1 v1.5 decrypt (C_DecryptInit, C_Decrypt: CKM_RSA_PKCS)", user(1, "--decrypt", "-m", "RSA-PKCS",
                "--id", "01", "-i", "rsa-pkcs.enc", "-o", "rsa-pkcs.dec"));
        assertArrayEquals(plain, read("rsa-pkcs.dec"), "RSA PKCS#1 v1.5 round trip");
        ok("OpenSSL RSA-OAEP (SHA-256) encryption", openssl("pkeyutl", "-encrypt", "-pubin", "-inkey", "rsa.pem", "-in",
                "plain", "-out", "rsa-oaep.enc", "-pkeyopt", "rsa_padding_mode:oaep", "-pkeyopt", "rsa_oaep_md:sha256",
                "-pkeyopt", "rsa_mgf1_md:sha256"));
        ok("RSA-OAEP decrypt (C_DecryptInit, C_Decrypt: CKM_RSA_PKCS_OAEP)", user(1, "--decrypt", "-m", "RSA-PKCS-OAEP",
                "--hash-algorithm", "SHA256", "--mgf", "MGF1-SHA256", "--id", "01", "-i", "rsa-oaep.enc", "-o",
                "rsa-oaep.dec"));
        assertArrayEquals(plain, read("rsa-oaep.dec"), "RSA-OAEP round trip");

        // wrap and unwrap: the unwrapped key has the wrapped key's value
        ok("wrap (C_WrapKey: CKM_AES_ECB)", user(1, "--wrap", "-m", "AES-ECB", "--id", "03", "--application-id", "04",
                "-o", "wrapped"));
        assertEquals(16, read("wrapped").length, "an AES-128 key wrapped with AES-ECB");
        contains("unwrap", ok("unwrap (C_UnwrapKey: CKM_AES_ECB)", user(1, "--unwrap", "-m", "AES-ECB", "--id", "03",
                "-i", "wrapped", "--key-type", "AES:", "--application-id", "05", "--application-label", "unwrapped",
                "--extractable")), "unwrapped");
        ok("read the wrapped key's value", user(1, "--read-object", "--type", "secrkey", "--id", "04", "-o", "k04"));
        ok("read the unwrapped key's value", user(1, "--read-object", "--type", "secrkey", "--id", "05", "-o", "k05"));
        assertEquals(16, read("k04").length, "the key's CKA_VALUE");
        assertArrayEquals(read("k04"), read("k05"), "the unwrapped key's CKA_VALUE is the wrapped key's");

        // derive: ECDH with a peer key of OpenSSL's, the same secret on both sides
        ok("OpenSSL peer key", openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out",
                "peer.pem"));
        ok("OpenSSL peer public key", openssl("pkey", "-in", "peer.pem", "-pubout", "-outform", "DER", "-out", "peer.der"));
        ok("derive (C_DeriveKey: CKM_ECDH1_DERIVE)", user(1, "--derive", "-m", "ECDH1-DERIVE", "--id", "02", "-i",
                "peer.der", "-o", "shared"));
        ok("OpenSSL's ECDH", openssl("pkeyutl", "-derive", "-inkey", "peer.pem", "-peerkey", "ec.pem", "-out",
                "shared-openssl"));
        assertEquals(32, read("shared-openssl").length);
        assertArrayEquals(read("shared-openssl"), read("shared"), "the token's ECDH secret is OpenSSL's");

        // delete
        ok("delete the RSA private key (C_DestroyObject)", user(1, "--delete-object", "--type", "privkey", "--id", "01"));
        Pkcs11Tee.Run left = ok("list private keys", user(1, "--list-objects", "--type", "privkey"));
        assertFalse(left.out().contains("label:      rsa"), "the deleted key is still listed:\n" + left.transcript());
        contains("list private keys", left, "label:      ec");
    }

    @Test
    void aWrongPinIsRefusedWithItsCode() throws Exception {
        initToken(2, "wrong-pin");
        Pkcs11Tee.Run r = p11("--slot", "2", "--login", "--pin", "not-the-pin", "--list-objects");
        assertNotEquals(0, r.exit(), r.transcript());
        contains("login with a wrong PIN", r, "C_Login");
        contains("login with a wrong PIN", r, "CKR_PIN_INCORRECT");
        ok("login with the right PIN", user(2, "--list-objects"));
    }

    private static String[] concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all.toArray(String[]::new);
    }
}
