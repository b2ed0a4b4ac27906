package org.jtee.tas.pkcs11.mech;

import java.nio.ByteBuffer;
import org.jtee.ta.TaPanic;
import org.jtee.tas.pkcs11.Ck;
import org.jtee.tas.pkcs11.CkException;

/**
 * The last line of defence of a TA that serves every client at once: a GP panic ({@link TaPanic},
 * a misuse of the GP API that the mechanism layer's own checks should have kept out) would end
 * the whole TA instance, every session of every client with it. Here it becomes
 * {@code CKR_GENERAL_ERROR} for the one call, and the operation it hit is not reused. A
 * deliberate departure from GP's "a TA never catches a panic", scoped to this layer.
 */
final class Guarded implements Processing {
    /** A call of the mechanism layer. */
    interface Call<T> {
        T run() throws CkException;
    }

    private final Processing inner;

    private Guarded(Processing inner) {
        this.inner = inner;
    }

    static Processing wrap(Processing p) {
        return new Guarded(p);
    }

    /** Runs {@code call}, a GP panic becoming {@code CKR_GENERAL_ERROR}. */
    static <T> T call(Call<T> call) throws CkException {
        try {
            return call.run();
        } catch (TaPanic p) {
            throw new CkException(Ck.CKR_GENERAL_ERROR, "GP panic in the mechanism layer: " + p.getMessage());
        }
    }

    @Override
    public int function() {
        return inner.function();
    }

    @Override
    public int mechanism() {
        return inner.mechanism();
    }

    @Override
    public boolean multiPart() {
        return inner.multiPart();
    }

    @Override
    public int update(ByteBuffer in, ByteBuffer out) throws CkException {
        return call(() -> inner.update(in, out));
    }

    @Override
    public void digestKey(KeyView key) throws CkException {
        call(() -> {
            inner.digestKey(key);
            return null;
        });
    }

    @Override
    public int doFinal(ByteBuffer out) throws CkException {
        return call(() -> inner.doFinal(out));
    }

    @Override
    public int oneShot(ByteBuffer in, ByteBuffer out) throws CkException {
        return call(() -> inner.oneShot(in, out));
    }

    @Override
    public void verifyFinal(ByteBuffer signature) throws CkException {
        call(() -> {
            inner.verifyFinal(signature);
            return null;
        });
    }

    @Override
    public void verifyOneShot(ByteBuffer in, ByteBuffer signature) throws CkException {
        call(() -> {
            inner.verifyOneShot(in, signature);
            return null;
        });
    }

    @Override
    public void close() {
        inner.close();
    }
}
