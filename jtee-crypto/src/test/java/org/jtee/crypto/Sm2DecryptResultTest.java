package org.jtee.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.junit.jupiter.api.Test;

/**
 * {@code TEE_AsymmetricDecrypt} of a tampered SM2 ciphertext returns
 * {@code TEE_ERROR_CIPHERTEXT_INVALID} (GP 1.3.1, OP-TEE's 0xF0100006) to the TA; it is not a panic.
 */
class Sm2DecryptResultTest {

    @Test
    void tamperedCiphertext_isCiphertextInvalid_notAPanic() throws Exception {
        byte[] message = "jtee sm2".getBytes(StandardCharsets.US_ASCII);
        try (TransientObject key = TransientObject.allocate(TeeType.SM2_PKE_KEYPAIR, 256);
                Operation enc = Operation.allocate(TeeAlg.SM2_PKE, TeeCrypto.MODE_ENCRYPT, 256);
                Operation dec = Operation.allocate(TeeAlg.SM2_PKE, TeeCrypto.MODE_DECRYPT, 256)) {
            key.generateKey(256);
            enc.setKey(key);
            dec.setKey(key);
            ByteBuffer c = ByteBuffer.allocate(256);
            enc.asymmetricEncrypt(List.of(), ByteBuffer.wrap(message), c);
            byte[] ciphertext = Arrays.copyOf(c.array(), c.position());

            ByteBuffer plain = ByteBuffer.allocate(64);
            dec.asymmetricDecrypt(List.of(), ByteBuffer.wrap(ciphertext), plain);
            assertArrayEquals(message, Arrays.copyOf(plain.array(), plain.position()));

            ciphertext[ciphertext.length - 1] ^= 1;
            TeeException e = assertThrows(TeeException.class,
                    () -> dec.asymmetricDecrypt(List.of(), ByteBuffer.wrap(ciphertext), ByteBuffer.allocate(64)));
            assertEquals(TeeResult.CIPHERTEXT_INVALID, e.result());
            assertEquals(0xF0100006, TeeResult.CIPHERTEXT_INVALID);
        }
    }
}
