package org.jtee.examples.ecdh;

import static org.jtee.examples.ExamplesTee.assertTaResult;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import javax.crypto.KeyAgreement;
import org.jtee.client.Operation;
import org.jtee.client.ParamType;
import org.jtee.client.TeeSession;
import org.jtee.client.TempMemory;
import org.jtee.client.ValueParameter;
import org.jtee.common.TeeResult;
import org.jtee.crypto.TeeAttr;
import org.jtee.crypto.TransientObject;
import org.jtee.examples.ExamplesTee;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ecdh TA in a real core (secret sizes, errors, its client's output) and its derivation,
 * called directly, against the JDK's ECDH key agreement.
 */
class EcdhTaTest {
    static ExamplesTee tee;

    @BeforeAll
    static void start() throws Exception {
        tee = ExamplesTee.shared();
    }

    @Test
    void client_printsTheP384SecretAsOpteeDoes() throws Exception {
        ExamplesTee.Captured out = new ExamplesTee.Captured();
        EcdhClient.run(tee.context(), out.out);
        assertTrue(out.toString().matches("ECDH shared secret \\(48 bytes\\) on curve id 3:\n[0-9a-f]{64}\n[0-9a-f]{32}\n"),
                out.toString());
    }

    @Test
    void deriveSelftest_everyCurve_secretOfTheCurvesSize_nullBufferIsShortBuffer() throws Exception {
        int[] bytes = {24, 28, 32, 48};
        try (TeeSession s = tee.open(EcdhContract.UUID)) {
            for (int id = 0; id < bytes.length; id++) {
                int curve = id;
                TempMemory probe = TempMemory.nullBuffer(ParamType.MEMREF_TEMP_OUTPUT);
                assertTaResult(TeeResult.SHORT_BUFFER, () -> s.invokeCommand(EcdhContract.CMD_DERIVE_SELFTEST, selftest(curve, probe)));
                assertEquals(bytes[curve], probe.size());
                TempMemory secret = TempMemory.output(64);
                s.invokeCommand(EcdhContract.CMD_DERIVE_SELFTEST, selftest(curve, secret));
                assertEquals(bytes[curve], secret.size());
            }
            assertTaResult(TeeResult.BAD_PARAMETERS, () -> s.invokeCommand(EcdhContract.CMD_DERIVE_SELFTEST,
                    selftest(4, TempMemory.output(64))));
            assertTaResult(TeeResult.BAD_PARAMETERS, () -> s.invokeCommand(EcdhContract.CMD_DERIVE_SELFTEST,
                    Operation.of(ValueParameter.input(0, 0), TempMemory.output(64))));
            assertTaResult(TeeResult.BAD_PARAMETERS, () -> s.invokeCommand(1, null));
        }
    }

    @Test
    void derive_againstAJdkKeyPair_isTheJdksAgreement_bothWays() throws Exception {
        String[] jdkCurves = {"secp256r1", "secp384r1"};
        int[] ids = {EcdhContract.CURVE_P256, EcdhContract.CURVE_P384};
        for (int i = 0; i < ids.length; i++) {
            EcdhTa.Curve curve = EcdhTa.curve(ids[i]);
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(jdkCurves[i]));
            KeyPair jdk = g.generateKeyPair();
            ECPoint w = ((ECPublicKey) jdk.getPublic()).getW();
            try (TransientObject ta = EcdhTa.generate(curve)) {
                byte[] ours = EcdhTa.derive(curve, ta, fixed(w.getAffineX(), curve.bytes()), fixed(w.getAffineY(), curve.bytes()));
                ECPoint taPoint = new ECPoint(new BigInteger(1, ta.bufferAttribute(TeeAttr.ECC_PUBLIC_VALUE_X)),
                        new BigInteger(1, ta.bufferAttribute(TeeAttr.ECC_PUBLIC_VALUE_Y)));
                KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
                agreement.init(jdk.getPrivate());
                agreement.doPhase(KeyFactory.getInstance("EC").generatePublic(
                        new ECPublicKeySpec(taPoint, ((ECPublicKey) jdk.getPublic()).getParams())), true);
                assertArrayEquals(agreement.generateSecret(), ours, jdkCurves[i]);
                assertEquals(curve.bytes(), ours.length);
            }
        }
    }

    /** {@code v} big-endian in exactly {@code length} bytes. */
    private static byte[] fixed(BigInteger v, int length) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[length];
        int n = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - n, out, length - n, n);
        return out;
    }

    private static Operation selftest(int curve, TempMemory secret) {
        return Operation.of(ValueParameter.input(curve, 0), null, null, secret);
    }
}
