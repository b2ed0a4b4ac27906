package org.jtee.nativeclient;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Security;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;

/**
 * A Java program with nothing of jtee on its class path that uses a token through the JDK's
 * SunPKCS11 provider, configured with a SunPKCS11 configuration file naming jtee's module (what
 * {@code jtee pkcs11 java-config} prints). {@link SunPkcs11Test} runs it in a JVM of its own, whose
 * environment tells the module where the core is ({@code JTEE_SOCKET}).
 *
 * <p>Arguments: the configuration file, the user PIN, and the label of a secret key the token
 * already holds; with a fourth, {@code wrong-pin}, it only checks that a login with that PIN (a
 * wrong one) fails with {@code CKR_PIN_INCORRECT}. Prints {@code ok <step>} for each step that
 * worked and {@code FAIL <step>: <exception chain>} for each that did not (SunPKCS11's exceptions
 * carry the CKR_ code, the step names the PKCS#11 calls); exits with status 1 if any failed.
 */
public final class SunPkcs11Probe {
    private interface Step {
        void run() throws Exception;
    }

    private static void step(String name, Step s) {
        try {
            s.run();
            System.out.println("ok " + name);
        } catch (Throwable t) {
            StringBuilder chain = new StringBuilder();
            for (Throwable c = t; c != null; c = c.getCause()) {
                chain.append(chain.isEmpty() ? "" : " <- ").append(c.getClass().getName()).append(": ").append(c.getMessage());
            }
            System.out.println("FAIL " + name + ": " + chain);
            t.printStackTrace(System.out);
            failed++;
        }
    }

    private static int failed;

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }

    /** The same key under the JDK's own provider, from its X.509 encoding. */
    private static PublicKey jdkKey(PublicKey key, String algorithm) throws Exception {
        return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(key.getEncoded()));
    }

    public static void main(String[] args) throws Exception {
        String config = args[0];
        char[] pin = args[1].toCharArray();
        String existingAlias = args[2];
        byte[] data = "a message for the token to sign and encrypt".getBytes(StandardCharsets.UTF_8);
        SecureRandom random = new SecureRandom();
        Provider[] p = new Provider[1];
        KeyStore[] ks = new KeyStore[1];
        KeyPair[] rsa = new KeyPair[1];
        KeyPair[] ec = new KeyPair[1];
        SecretKey[] aes = new SecretKey[1];

        step("configure SunPKCS11 with the module (C_Initialize, C_GetSlotList, C_GetTokenInfo, C_GetMechanismList)", () -> {
            p[0] = Security.getProvider("SunPKCS11").configure(config);
            check(p[0].getService("Signature", "SHA256withRSA") != null, "SunPKCS11 offers no SHA256withRSA on this token");
        });
        if (args.length > 3 && args[3].equals("wrong-pin")) {
            step("KeyStore login with a wrong PIN fails with CKR_PIN_INCORRECT (C_Login)", () -> {
                try {
                    KeyStore.getInstance("PKCS11", p[0]).load(null, pin);
                    throw new AssertionError("a wrong PIN logged in");
                } catch (java.io.IOException e) {
                    StringBuilder chain = new StringBuilder();
                    for (Throwable c = e; c != null; c = c.getCause()) {
                        chain.append(c).append(' ');
                    }
                    check(chain.toString().contains("CKR_PIN_INCORRECT"), "not CKR_PIN_INCORRECT: " + chain);
                }
            });
            System.exit(failed > 0 ? 1 : 0);
        }
        step("KeyStore login (C_OpenSession, C_Login)", () -> {
            ks[0] = KeyStore.getInstance("PKCS11", p[0]);
            ks[0].load(null, pin);
        });
        step("KeyStore aliases list the token's secret key (C_FindObjects, C_GetAttributeValue)", () -> {
            List<String> aliases = Collections.list(ks[0].aliases());
            check(aliases.contains(existingAlias), "aliases " + aliases + " lack " + existingAlias);
            check(ks[0].isKeyEntry(existingAlias), existingAlias + " is not a key entry");
        });
        step("KeyPairGenerator RSA-2048 (C_GenerateKeyPair: CKM_RSA_PKCS_KEY_PAIR_GEN)", () -> {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA", p[0]);
            g.initialize(2048);
            rsa[0] = g.generateKeyPair();
            check(rsa[0].getPrivate().getAlgorithm().equals("RSA"), "not an RSA key");
        });
        step("KeyPairGenerator EC P-256 (C_GenerateKeyPair: CKM_EC_KEY_PAIR_GEN)", () -> {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC", p[0]);
            g.initialize(new ECGenParameterSpec("secp256r1"));
            ec[0] = g.generateKeyPair();
        });
        step("KeyGenerator AES-128 (C_GenerateKey: CKM_AES_KEY_GEN)", () -> {
            KeyGenerator g = KeyGenerator.getInstance("AES", p[0]);
            g.init(128);
            aes[0] = g.generateKey();
        });
        for (String[] alg : new String[][] {{"SHA256withRSA", "RSA"}, {"SHA256withECDSA", "EC"}}) {
            KeyPair[] pair = alg[1].equals("RSA") ? rsa : ec;
            step("Signature " + alg[0] + " sign on the token, verify there and with the JDK's provider (C_SignInit,"
                    + " C_Sign, C_VerifyInit, C_Verify)", () -> {
                        Signature s = Signature.getInstance(alg[0], p[0]);
                        s.initSign(pair[0].getPrivate());
                        s.update(data);
                        byte[] sig = s.sign();
                        Signature v = Signature.getInstance(alg[0], p[0]);
                        v.initVerify(pair[0].getPublic());
                        v.update(data);
                        check(v.verify(sig), "the token does not verify its own signature");
                        Signature jdk = Signature.getInstance(alg[0]);
                        check(jdk.getProvider() != p[0], "the JDK's verifier is SunPKCS11's");
                        jdk.initVerify(jdkKey(pair[0].getPublic(), alg[1]));
                        jdk.update(data);
                        check(jdk.verify(sig), "the JDK's provider does not verify the token's signature");
                        jdk.initVerify(jdkKey(pair[0].getPublic(), alg[1]));
                        jdk.update(Arrays.copyOf(data, data.length - 1));
                        check(!jdk.verify(sig), "the signature verifies for other data");
                    });
        }
        step("Cipher AES/CTR/NoPadding encrypt + decrypt (C_EncryptInit, C_Encrypt, C_DecryptInit, C_Decrypt: CKM_AES_CTR)",
                () -> roundTrip(p[0], "AES/CTR/NoPadding", aes[0], new IvParameterSpec(random.generateSeed(16)), data));
        step("Cipher AES/GCM/NoPadding encrypt + decrypt (C_EncryptInit, C_Encrypt, C_DecryptInit, C_Decrypt: CKM_AES_GCM)",
                () -> {
                    byte[] iv = new byte[12];
                    random.nextBytes(iv);
                    byte[] sealed = roundTrip(p[0], "AES/GCM/NoPadding", aes[0], new GCMParameterSpec(128, iv), data);
                    check(sealed.length == data.length + 16, "GCM output is not the data and a 16-byte tag");
                    sealed[0] ^= 1;
                    Cipher c = Cipher.getInstance("AES/GCM/NoPadding", p[0]);
                    c.init(Cipher.DECRYPT_MODE, aes[0], new GCMParameterSpec(128, iv));
                    try {
                        c.doFinal(sealed);
                        throw new AssertionError("a tampered GCM ciphertext decrypted");
                    } catch (javax.crypto.AEADBadTagException expected) {
                        // a module answering CKR_ENCRYPTED_DATA_INVALID
                    } catch (java.security.ProviderException e) {
                        // OP-TEE's TA (and xtest 1030) answer CKR_SIGNATURE_INVALID, which SunPKCS11 passes on as is
                        check(String.valueOf(e.getCause()).contains("CKR_SIGNATURE_INVALID"), "not the tag's failure: " + e);
                    }
                });
        step("Cipher RSA/ECB/PKCS1Padding encrypt + decrypt (C_EncryptInit, C_Encrypt, C_DecryptInit, C_Decrypt: CKM_RSA_PKCS)",
                () -> {
                    Cipher enc = Cipher.getInstance("RSA/ECB/PKCS1Padding", p[0]);
                    enc.init(Cipher.ENCRYPT_MODE, rsa[0].getPublic());
                    byte[] sealed = enc.doFinal(data);
                    check(sealed.length == 256, "an RSA-2048 ciphertext is 256 bytes, not " + sealed.length);
                    Cipher dec = Cipher.getInstance("RSA/ECB/PKCS1Padding", p[0]);
                    dec.init(Cipher.DECRYPT_MODE, rsa[0].getPrivate());
                    check(Arrays.equals(data, dec.doFinal(sealed)), "RSA PKCS#1 round trip");
                    // and what the JDK's own provider encrypts for the token's public key
                    Cipher jdk = Cipher.getInstance("RSA/ECB/PKCS1Padding");
                    jdk.init(Cipher.ENCRYPT_MODE, jdkKey(rsa[0].getPublic(), "RSA"));
                    check(Arrays.equals(data, dec.doFinal(jdk.doFinal(data))), "the token decrypts the JDK's ciphertext");
                });
        step("KeyStore stores a token secret key and lists it after a new login (C_CreateObject or C_CopyObject,"
                + " CKA_TOKEN)", () -> {
                    KeyGenerator g = KeyGenerator.getInstance("AES", p[0]);
                    g.init(256);
                    ks[0].setEntry("stored-aes", new KeyStore.SecretKeyEntry(g.generateKey()), null);
                    KeyStore again = KeyStore.getInstance("PKCS11", p[0]);
                    again.load(null, pin);
                    List<String> aliases = new ArrayList<>(Collections.list(again.aliases()));
                    check(aliases.contains("stored-aes") && aliases.contains(existingAlias), "aliases " + aliases);
                    check(again.getKey("stored-aes", null) instanceof SecretKey, "stored-aes is not a secret key");
                });
        if (failed > 0) {
            System.out.println(failed + " steps failed");
            System.exit(1);
        }
        System.out.println("all steps passed");
    }

    /** Encrypts and decrypts {@code data} on the token; returns the ciphertext. */
    private static byte[] roundTrip(Provider p, String transformation, SecretKey key,
            java.security.spec.AlgorithmParameterSpec params, byte[] data) throws Exception {
        Cipher enc = Cipher.getInstance(transformation, p);
        enc.init(Cipher.ENCRYPT_MODE, key, params);
        byte[] sealed = enc.doFinal(data);
        check(!Arrays.equals(Arrays.copyOf(sealed, data.length), data), transformation + ": the ciphertext is the data");
        Cipher dec = Cipher.getInstance(transformation, p);
        dec.init(Cipher.DECRYPT_MODE, key, params);
        check(Arrays.equals(data, dec.doFinal(sealed)), transformation + " round trip");
        return sealed;
    }
}
