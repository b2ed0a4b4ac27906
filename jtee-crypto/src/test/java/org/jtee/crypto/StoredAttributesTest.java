package org.jtee.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The stored form of a key's attributes: what is written reads back the same, for buffers, big
 * numbers and values, and every rule of the strict reader fails with {@code TEE_ERROR_CORRUPT_OBJECT}.
 */
class StoredAttributesTest {
    private static final int AES = TeeType.AES;

    @Test
    void generatedRsaKeyPair_readsBackAttributeForAttribute() throws TeeException {
        try (TransientObject rsa = TransientObject.allocate(TeeType.RSA_KEYPAIR, 1024)) {
            rsa.generateKey(1024);
            byte[] stored = StoredAttributes.encode(rsa.attributeList());
            Map<Integer, Attribute> back = StoredAttributes.decode(stored, TeeType.RSA_KEYPAIR);
            assertEquals(rsa.attributeList().stream().map(Attribute::id).toList(), List.copyOf(back.keySet()));
            for (Attribute a : rsa.attributeList()) {
                assertArrayEquals(a.buffer(), back.get(a.id()).buffer(), String.format("0x%08X", a.id()));
            }
        }
    }

    @Test
    void valueAttribute_readsBackBothWords() throws TeeException {
        Attribute curve = Attribute.value(TeeAttr.ECC_CURVE, 3, 77);
        Map<Integer, Attribute> back = StoredAttributes.decode(StoredAttributes.encode(List.of(curve)),
                TeeType.ECDSA_PUBLIC_KEY);
        assertEquals(curve, back.get(TeeAttr.ECC_CURVE));
    }

    @Test
    void layout_isVersionCountThenIdAndLengthPrefixedBytes_bigEndian() {
        byte[] stored = StoredAttributes.encode(List.of(Attribute.ref(TeeAttr.SECRET_VALUE, new byte[] {7, 8})));
        assertEquals("0101" + "c0000000" + "00000002" + "0708", java.util.HexFormat.of().formatHex(stored));
    }

    @Test
    void dataObject_hasNoAttributes() throws TeeException {
        assertTrue(StoredAttributes.decode(StoredAttributes.encode(List.of()), TeeType.DATA).isEmpty());
        byte[] one = secretBytes(16);
        assertCorrupt(() -> StoredAttributes.decode(one, TeeType.DATA));
    }

    @Test
    void anotherVersion_isCorrupt() {
        byte[] stored = secretBytes(16);
        stored[0] = 2;
        assertCorrupt(() -> StoredAttributes.decode(stored, AES));
    }

    @Test
    void moreThan32Attributes_isCorrupt() {
        byte[] stored = secretBytes(16);
        stored[1] = 33;
        assertCorrupt(() -> StoredAttributes.decode(stored, AES));
    }

    @Test
    void anAttributeTwice_isCorrupt() {
        Attribute a = Attribute.ref(TeeAttr.SECRET_VALUE, new byte[16]);
        assertCorrupt(() -> StoredAttributes.decode(StoredAttributes.encode(List.of(a, a)), AES));
    }

    @Test
    void anAttributeTheTypeDoesNotHave_isCorrupt() {
        byte[] stored = StoredAttributes.encode(List.of(Attribute.ref(TeeAttr.RSA_MODULUS, new byte[16])));
        assertCorrupt(() -> StoredAttributes.decode(stored, AES));
    }

    @Test
    void aLengthPastTheEnd_isCorrupt() {
        byte[] stored = secretBytes(16);
        assertCorrupt(() -> StoredAttributes.decode(Arrays.copyOf(stored, stored.length - 1), AES));
    }

    @Test
    void aLengthPastTheBound_isCorrupt() {
        byte[] stored = ByteBuffer.allocate(10).put((byte) 1).put((byte) 1).putInt(TeeAttr.SECRET_VALUE)
                .putInt(StoredAttributes.MAX_BUFFER_BYTES + 1).array();
        assertCorrupt(() -> StoredAttributes.decode(stored, AES));
    }

    @Test
    void aNegativeLength_isCorrupt() {
        byte[] stored = ByteBuffer.allocate(10).put((byte) 1).put((byte) 1).putInt(TeeAttr.SECRET_VALUE).putInt(-1).array();
        assertCorrupt(() -> StoredAttributes.decode(stored, AES));
    }

    @Test
    void bytesAfterTheAttributes_areCorrupt() {
        byte[] stored = secretBytes(16);
        assertCorrupt(() -> StoredAttributes.decode(Arrays.copyOf(stored, stored.length + 1), AES));
    }

    @Test
    void noBytesAtAll_areADataObjectsAndNoKeys() throws TeeException {
        assertTrue(StoredAttributes.decode(new byte[0], TeeType.DATA).isEmpty());
        assertCorrupt(() -> StoredAttributes.decode(new byte[0], AES));
    }

    @Test
    void everyCutOfAValidEncoding_isCorrupt() {
        byte[] stored = secretBytes(16);
        for (int n = 0; n < stored.length; n++) {
            byte[] cut = Arrays.copyOf(stored, n);
            assertCorrupt(() -> StoredAttributes.decode(cut, AES));
        }
    }

    private static byte[] secretBytes(int n) {
        return StoredAttributes.encode(List.of(Attribute.ref(TeeAttr.SECRET_VALUE, new byte[n])));
    }

    private static void assertCorrupt(Executable decode) {
        TransientObjectTest.assertResult(TeeResult.CORRUPT_OBJECT, decode);
    }
}
