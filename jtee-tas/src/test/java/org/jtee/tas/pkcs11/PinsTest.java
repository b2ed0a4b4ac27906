package org.jtee.tas.pkcs11;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The PIN verifier's KDF against published vectors, and verifiers made and checked. */
class PinsTest {
    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void pbkdf2_matchesRfc7914() {
        // RFC 7914 §11: PBKDF2-HMAC-SHA256 (P="passwd", S="salt", c=1), first 32 bytes of dkLen 64
        assertArrayEquals(HexFormat.of().parseHex("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"),
                Pins.pbkdf2(ascii("passwd"), ascii("salt"), 1));
        // the same for c=80000, P="Password", S="NaCl"
        assertArrayEquals(HexFormat.of().parseHex("4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"),
                Pins.pbkdf2(ascii("Password"), ascii("NaCl"), 80000));
    }

    @Test
    void emptyPassword_isHmacsZeroPaddedKey() {
        assertArrayEquals(Pins.pbkdf2(new byte[1], ascii("salt"), 3), Pins.pbkdf2(new byte[0], ascii("salt"), 3));
    }

    @Test
    void verifier_acceptsItsPinOnly() {
        byte[] v = Pins.verifier(ascii("12345"));
        assertTrue(Pins.matches(v, ascii("12345")));
        assertFalse(Pins.matches(v, ascii("12346")));
        assertFalse(Pins.matches(v, ascii("1234")));
    }
}
