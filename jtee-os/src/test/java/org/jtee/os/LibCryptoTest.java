package org.jtee.os;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LibCryptoTest {
    private static RSAPrivateCrtKey rsa;
    private static KeyPair ec;

    @BeforeAll
    static void keys() throws Exception {
        assumeTrue(LibCrypto.isAvailable(), () -> "no OpenSSL here: " + LibCrypto.unavailableReason());
        KeyPairGenerator r = KeyPairGenerator.getInstance("RSA");
        r.initialize(2048);
        rsa = (RSAPrivateCrtKey) r.generateKeyPair().getPrivate();
        KeyPairGenerator e = KeyPairGenerator.getInstance("EC");
        e.initialize(new ECGenParameterSpec("secp256r1"));
        ec = e.generateKeyPair();
    }

    /** The PKCS#1 RSAPrivateKey inside the JDK's PKCS#8 encoding (after the fixed 26-byte header of a 2048-bit key). */
    private static byte[] rsaDer() {
        byte[] pkcs8 = rsa.getEncoded();
        return Arrays.copyOfRange(pkcs8, 26, pkcs8.length);
    }

    /** RFC 5915 ECPrivateKey of the P-256 key, without its public key. */
    private static byte[] ecDer() {
        byte[] d = new byte[32];
        byte[] s = ((ECPrivateKey) ec.getPrivate()).getS().toByteArray();
        System.arraycopy(s, Math.max(0, s.length - 32), d, Math.max(0, 32 - s.length), Math.min(32, s.length));
        HexFormat hex = HexFormat.of();
        return hex.parseHex("3031020101" + "0420" + hex.formatHex(d) + "a00a06082a8648ce3d030107");
    }

    @Test
    void rsaDecryptRaw_isInputToTheD() {
        try (EvpPrivateKey k = LibCrypto.rsaPrivateKey(rsaDer())) {
            assertEquals(256, k.size());
            BigInteger c = new BigInteger(1, HexFormat.of().parseHex("00ff".repeat(128)));
            byte[] out = k.rsaDecryptRaw(HexFormat.of().parseHex("00ff".repeat(128)));
            assertEquals(256, out.length);
            assertEquals(c.modPow(rsa.getPrivateExponent(), rsa.getModulus()), new BigInteger(1, out));
        }
    }

    @Test
    void rsaDecryptRaw_badInputs_refusedAndTheKeyStillWorks() {
        try (EvpPrivateKey k = LibCrypto.rsaPrivateKey(rsaDer())) {
            assertThrows(IllegalArgumentException.class, () -> k.rsaDecryptRaw(new byte[255]));
            byte[] aboveModulus = new byte[256];
            Arrays.fill(aboveModulus, (byte) 0xFF);
            LibCrypto.OpenSslException e = assertThrows(LibCrypto.OpenSslException.class, () -> k.rsaDecryptRaw(aboveModulus));
            assertTrue(e.errorCode() != 0);
            assertEquals(256, k.rsaDecryptRaw(new byte[256]).length);
            assertThrows(IllegalStateException.class, () -> k.ecdsaSign(new byte[32]), "not an EC key");
        }
    }

    @Test
    void ecdsaSign_derSignatureTheJdkAccepts_forAnyDigestLength() throws Exception {
        try (EvpPrivateKey k = LibCrypto.ecPrivateKey(ecDer())) {
            for (int length : new int[] {0, 1, 32, 64, 300}) {
                byte[] digest = new byte[length];
                Arrays.fill(digest, (byte) 0x3C);
                byte[] der = k.ecdsaSign(digest);
                Signature v = Signature.getInstance("NONEwithECDSA");
                v.initVerify(ec.getPublic());
                // a digest longer than the order counts by its leftmost 256 bits (FIPS 186-5 §6.4.1)
                v.update(digest, 0, Math.min(32, length));
                assertTrue(v.verify(der), length + "-byte digest");
            }
            assertThrows(IllegalStateException.class, () -> k.rsaDecryptRaw(new byte[256]), "not an RSA key");
        }
    }

    @Test
    void garbage_isRefusedByOpenSsl() {
        assertThrows(LibCrypto.OpenSslException.class, () -> LibCrypto.rsaPrivateKey(new byte[] {0x30, 0x03, 0x02, 0x01, 0x00}));
        assertThrows(LibCrypto.OpenSslException.class, () -> LibCrypto.ecPrivateKey(new byte[0]));
        byte[] otherCurve = ecDer();
        otherCurve[otherCurve.length - 1] = 0x7F; // an OID no curve has
        assertThrows(LibCrypto.OpenSslException.class, () -> LibCrypto.ecPrivateKey(otherCurve));
    }

    @Test
    void closedKey_refusesEveryCall_closeTwiceIsFine() {
        EvpPrivateKey k = LibCrypto.ecPrivateKey(ecDer());
        k.close();
        k.close();
        assertThrows(IllegalStateException.class, () -> k.ecdsaSign(new byte[32]));
    }

    @Test
    void closeWhileOtherThreadsSign_theyFinishOrAreRefused_neverReachFreedMemory() throws Exception {
        EvpPrivateKey k = LibCrypto.ecPrivateKey(ecDer());
        AtomicInteger signed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                done.add(pool.submit(() -> {
                    try {
                        while (true) {
                            k.ecdsaSign(new byte[32]);
                            signed.incrementAndGet();
                        }
                    } catch (IllegalStateException closed) {
                        return null;
                    }
                }));
            }
            while (signed.get() < 500) {
                Thread.onSpinWait();
            }
            k.close();
            for (Future<?> f : done) {
                assertNull(f.get());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void theDerGiven_isLeftAsItWas() {
        byte[] der = rsaDer();
        byte[] copy = der.clone();
        LibCrypto.rsaPrivateKey(der).close();
        assertArrayEquals(copy, der, "wiping the caller's array is the caller's");
    }
}
