package org.jtee.tas.pkcs11.mech;

import static org.jtee.tas.pkcs11.Ck.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import org.jtee.ta.TaPanic;
import org.jtee.tas.pkcs11.CkException;
import org.junit.jupiter.api.Test;

class GuardedTest {
    @Test
    void gpPanic_becomesGeneralError_insteadOfEndingTheTa() {
        Fail.rv(CKR_GENERAL_ERROR, () -> Guarded.call(() -> {
            throw new TaPanic(0xFFFF0006, "a misuse");
        }));
    }

    @Test
    void processingSteps_areGuarded() throws CkException {
        Processing panicking = new BaseProcessing(FUNCTION_DIGEST, CKM_SHA256, true) {
            @Override
            public int update(ByteBuffer in, ByteBuffer out) {
                throw new TaPanic(0, "a misuse");
            }

            @Override
            public void close() {}
        };
        try (Processing p = Guarded.wrap(panicking)) {
            Fail.rv(CKR_GENERAL_ERROR, () -> p.update(ByteBuffer.allocate(1), null));
            assertEquals(CKM_SHA256, p.mechanism());
        }
    }
}
