package org.jtee.crypto;

import static org.jtee.crypto.TeeCrypto.HANDLE_FLAG_EXPECT_TWO_KEYS;
import static org.jtee.crypto.TeeCrypto.HANDLE_FLAG_EXTRACTING;
import static org.jtee.crypto.TeeCrypto.HANDLE_FLAG_INITIALIZED;
import static org.jtee.crypto.TeeCrypto.HANDLE_FLAG_KEY_SET;
import static org.jtee.crypto.TeeCrypto.OPERATION_STATE_ACTIVE;
import static org.jtee.crypto.TeeCrypto.OPERATION_STATE_EXTRACTING;
import static org.jtee.crypto.TeeCrypto.OPERATION_STATE_INITIAL;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.TaPanic;

/**
 * A GP cryptographic operation ({@code TEE_OperationHandle}, GP TEE Internal Core API 1.3.1 §6.2
 * to §6.7): one method per GP function, each named in its Javadoc. The rules are OP-TEE's libutee
 * ({@code lib/libutee/tee_api_operations.c}) and its system calls ({@code core/tee/tee_svc_cryp.c}):
 * which misuse panics ({@link TaPanic}, which a TA never catches) and which returns an error
 * ({@link TeeException}), and how many bytes each call outputs.
 *
 * <pre>
 *              allocate ──► INITIAL ──(cipherInit, macInit, digestUpdate,  ──► ACTIVE
 *                              ▲        aeUpdate of ≥ 1 byte)                  │
 *                              └──────(doFinal, computeFinal, reset) ◄────────┘
 *   digests: INITIAL/ACTIVE ──digestExtract──► EXTRACTING ──digestDoFinal, reset──► INITIAL
 *   handleState: KEY_SET once a key is set (digests: always); INITIALIZED from an init to the
 *   final call (digests: always); EXPECT_TWO_KEYS for XTS and SM2 key exchange; EXTRACTING.
 * </pre>
 *
 * <p>Buffers: an input is read from its position to its limit, and its position moves to the
 * limit; an output is written at its position, which moves past what was written, and its room
 * is {@code remaining()}. Heap and direct buffers both work (a TA parameter's
 * {@code MemorySegment.asByteBuffer()}); bulk data goes to the JDK's engines without a copy. A
 * {@code null} input is empty; a {@code null} output has no room. A read-only output panics (GP's
 * {@code [out]} annotation). On {@link ShortBufferException} nothing has changed: no input is
 * consumed, and its {@link ShortBufferException#required()} is the size libutee writes back.
 *
 * <p>Keys: {@link #setKey} keeps the operation's own copy ({@link TransientObject#snapshot()}),
 * as OP-TEE copies the key into an object of the operation; later changes to the caller's object
 * do not reach the operation, and {@link #close()} wipes the copy.
 *
 * <p>Where jtee follows GP rather than OP-TEE 4.10: a CTS message of exactly one block is plain
 * CBC, and SM4-CTR may end with a partial block (OP-TEE panics on both); {@code TEE_DigestUpdate}
 * while extracting panics, and a reset or final clears the extracting state; copying an asymmetric
 * operation works (OP-TEE's system call refuses it with a panic); an empty GCM nonce panics (OP-TEE
 * takes it, and the tag of an empty message then is the hash key H).
 *
 * <p>Engines: digests, HMAC, and AES/DES/3DES ECB, CBC and CTR on the JDK; CTS, XTS, CMAC,
 * CBC-MAC, GCM and CCM built here on the JDK's AES; SM3, SM4 and SHAKE on Bouncy Castle (see
 * {@code DigestEngine}, {@code CipherEngine}, {@code MacEngine}, {@code Gcm}, {@code Ccm});
 * asymmetric, derivation and KEM algorithms behind {@code AsymmetricEngine}.
 *
 * <p>Not thread-safe, as GP handles are not.
 */
public final class Operation implements AutoCloseable {

    private final AlgorithmTable.Spec spec;
    private final int mode;
    private final int maxKeySize;
    private final Engines engines;
    private final BlockBuffer blocks;
    private final byte[] extractBuffer;
    private int extractOffset;
    private int handleState;
    private int operationState = OPERATION_STATE_INITIAL;
    private int keySize;
    private int digestLength;
    private TransientObject key1;
    private TransientObject key2;
    private boolean freed;

    private Operation(AlgorithmTable.Spec spec, int mode, int maxKeySize, Engines engines) {
        this.spec = spec;
        this.mode = mode;
        this.maxKeySize = maxKeySize;
        this.engines = engines;
        this.blocks = spec.blockSize() > 1 ? new BlockBuffer(spec.blockSize(), spec.twoBlocks()) : null;
        this.extractBuffer = new byte[spec.kind() == AlgorithmTable.Kind.DIGEST ? spec.digestLength() : 0];
        this.digestLength = spec.digestLength();
        if (spec.twoKeys()) {
            handleState |= HANDLE_FLAG_EXPECT_TWO_KEYS;
        }
        if (spec.keyless()) {
            handleState |= HANDLE_FLAG_KEY_SET | HANDLE_FLAG_INITIALIZED;
        }
    }

    // ------------------------------------------------------------------------------------------
    // Generic operation functions (GP §6.2)

    /**
     * {@code TEE_AllocateOperation}. A digest operation is ready at once (GP 1.1: initialized and
     * "key set").
     *
     * @param algorithm {@link TeeAlg}
     * @param mode {@code TEE_MODE_*} ({@link TeeCrypto})
     * @param maxKeySize the largest key, in bits (the sum of both keys for XTS and SM2 key
     *     exchange; the parameter set for ML-KEM: 512, 768, 1024, and ML-DSA: 44, 65, 87)
     * @throws TeeException {@code TEE_ERROR_NOT_SUPPORTED}: an algorithm this build lacks, a mode
     *     the algorithm does not have, or a key size it does not allow
     */
    public static Operation allocate(int algorithm, int mode, int maxKeySize) throws TeeException {
        AlgorithmTable.Spec spec = AlgorithmTable.find(algorithm);
        if (spec == null) {
            throw new TeeException(TeeResult.NOT_SUPPORTED, String.format("algorithm 0x%08X", algorithm));
        }
        if (!spec.maxKeySizeRule().test(maxKeySize)) {
            throw new TeeException(TeeResult.NOT_SUPPORTED, String.format("algorithm 0x%08X with keys of %d bits",
                    algorithm, maxKeySize));
        }
        if (!spec.allows(mode)) {
            throw new TeeException(TeeResult.NOT_SUPPORTED, String.format("algorithm 0x%08X in mode %d", algorithm,
                    mode));
        }
        Engines engines = Engines.create(spec, mode);
        if (!spec.keyless()) {
            checkKeyObjectSize(spec.keyType(mode), spec.twoKeys() ? maxKeySize / 2 : maxKeySize);
        }
        return new Operation(spec, mode, maxKeySize, engines);
    }

    /** The key object libutee allocates for the operation must be allocatable (its type's size rule). */
    private static void checkKeyObjectSize(int keyType, int size) throws TeeException {
        try (TransientObject probe = TransientObject.allocate(keyType, size)) {
            probe.info();
        } catch (TeeException e) {
            if (e.result() == TeeResult.NOT_SUPPORTED || e.result() == TeeResult.OUT_OF_MEMORY) {
                throw e;
            }
            throw panic(e.result(), "allocating the operation's key object: " + e.getMessage());
        }
    }

    /** {@code TEE_GetOperationInfo}. */
    public OperationInfo info() {
        checkOpen();
        boolean two = spec.twoKeys();
        return new OperationInfo(algorithm(), operationClass(), mode, digestLength, maxKeySize, two ? 0 : keySize,
                two ? 0 : requiredKeyUsage(), handleState);
    }

    /** {@code TEE_GetOperationInfoMultiple}, with room for every key. */
    public OperationInfoMultiple infoMultiple() {
        checkOpen();
        List<OperationInfoMultiple.KeyInformation> keys = new ArrayList<>();
        if (!spec.keyless()) {
            keys.add(new OperationInfoMultiple.KeyInformation(sizeOf(key1), requiredKeyUsage()));
            if (spec.twoKeys()) {
                keys.add(new OperationInfoMultiple.KeyInformation(sizeOf(key2), requiredKeyUsage()));
            }
        }
        return new OperationInfoMultiple(algorithm(), operationClass(), mode, digestLength, maxKeySize, handleState,
                operationState, keys);
    }

    /**
     * {@code TEE_GetOperationInfoMultiple} into a structure with room for {@code keyCapacity} keys.
     *
     * @throws ShortBufferException with the number of keys needed ({@link ShortBufferException#required()})
     *     when the operation takes more keys than {@code keyCapacity}
     */
    public OperationInfoMultiple infoMultiple(int keyCapacity) throws ShortBufferException {
        OperationInfoMultiple info = infoMultiple();
        if (info.numberOfKeys() > keyCapacity) {
            throw new ShortBufferException(info.numberOfKeys(), "the operation takes " + info.numberOfKeys() + " keys");
        }
        return info;
    }

    private static int sizeOf(TransientObject key) {
        return key == null ? 0 : key.keySize();
    }

    /** {@code TEE_ResetOperation}: back to the initial state, keys kept. Panics without a key. */
    public void reset() {
        checkOpen();
        if ((handleState & HANDLE_FLAG_KEY_SET) == 0) {
            throw panic(0, "TEE_ResetOperation without a key");
        }
        resetState();
    }

    /** libutee's {@code reset_operation_state}. */
    private void resetState() {
        operationState = OPERATION_STATE_INITIAL;
        if (blocks != null) {
            blocks.clear();
        }
        if (spec.kind() == AlgorithmTable.Kind.DIGEST) {
            engines.digest().reset();
            extractOffset = 0;
            handleState = (handleState | HANDLE_FLAG_INITIALIZED) & ~HANDLE_FLAG_EXTRACTING;
        } else {
            handleState &= ~HANDLE_FLAG_INITIALIZED;
        }
    }

    /**
     * {@code TEE_SetOperationKey}: the operation keeps its own copy of {@code key}; {@code null}
     * clears the key (GP 1.2+). A key pair given to a public-key mode (verify, encrypt,
     * encapsulate) is accepted, as OP-TEE copies its public part. Panics if the operation is
     * initialized, takes two keys or none, or if the key is uninitialized, of another type, larger
     * than {@code maxKeySize}, or lacks the required usage.
     *
     * @throws TeeException what the asymmetric engine reports on taking the key
     */
    public void setKey(TransientObject key) throws TeeException {
        checkOpen();
        if ((handleState & HANDLE_FLAG_INITIALIZED) != 0) {
            throw panic(0, "TEE_SetOperationKey on an initialized operation");
        }
        setKey1(key);
    }

    /**
     * {@code TEE_SetOperationKey} with any object handle: a {@link PersistentObject} gives the key
     * it was stored with (xtest 6013: a key created persistent from a transient one, reopened and
     * set); a pure data object's type {@code TEE_TYPE_DATA} matches no key type and panics.
     * Otherwise as {@link #setKey(TransientObject)}.
     *
     * @throws TaPanic {@code TEE_ERROR_BAD_STATE} if {@code key} is a closed persistent object
     */
    public void setKey(ObjectHandle key) throws TeeException {
        setKey(PersistentObject.keyOf(key, "TEE_SetOperationKey"));
    }

    private void setKey1(TransientObject key) throws TeeException {
        if (key == null) {
            clearKeys();
            return;
        }
        if (spec.keyless() || spec.twoKeys()) {
            throw panic(TeeResult.BAD_PARAMETERS, spec.keyless() ? "a digest takes no key" : "the operation takes two keys");
        }
        checkKey(key);
        installKeys(key.snapshot(), null, key.keySize());
    }

    /**
     * {@code TEE_SetOperationKey2}: the two keys of XTS (data key, tweak key) or SM2 key exchange
     * (own key pair, other party's public key); both {@code null} clears them.
     *
     * @throws TeeException {@code TEE_ERROR_SECURITY} when both are the same object
     */
    public void setKey2(TransientObject key1, TransientObject key2) throws TeeException {
        checkOpen();
        if (key1 != null && key1 == key2) {
            throw new TeeException(TeeResult.SECURITY, "TEE_SetOperationKey2 with one object as both keys");
        }
        if (operationState != OPERATION_STATE_INITIAL) {
            throw panic(0, "TEE_SetOperationKey2 on an active operation");
        }
        setKeys2(key1, key2);
    }

    /**
     * {@code TEE_SetOperationKey2} with any object handles, transient or persistent, as
     * {@link #setKey(ObjectHandle)} takes them; otherwise as
     * {@link #setKey2(TransientObject, TransientObject)} (one persistent object as both keys is
     * one object: {@code TEE_ERROR_SECURITY}).
     */
    public void setKey2(ObjectHandle key1, ObjectHandle key2) throws TeeException {
        setKey2(PersistentObject.keyOf(key1, "TEE_SetOperationKey2"), PersistentObject.keyOf(key2, "TEE_SetOperationKey2"));
    }

    private void setKeys2(TransientObject first, TransientObject second) throws TeeException {
        if (first == null && second == null) {
            clearKeys();
            return;
        }
        if (first == null || second == null) {
            throw panic(TeeResult.BAD_PARAMETERS, "TEE_SetOperationKey2 with one key only");
        }
        if (spec.keyless() || !spec.twoKeys()) {
            throw panic(TeeResult.BAD_PARAMETERS, "the operation does not take two keys");
        }
        checkKey(first);
        checkKey(second);
        if (first.keySize() != second.keySize()) {
            throw panic(TeeResult.BAD_PARAMETERS, "the two keys differ in size");
        }
        if (first.keySize() > maxKeySize / 2) {
            throw panic(TeeResult.BAD_PARAMETERS, "keys larger than half of maxKeySize");
        }
        installKeys(first.snapshot(), second.snapshot(), first.keySize());
    }

    /** What libutee's {@code set_operation_key} and {@code TEE_CopyObjectAttributes1} check of a key. */
    private void checkKey(TransientObject key) {
        if (!key.isInitialized()) {
            throw panic(TeeResult.BAD_PARAMETERS, "the key object is not initialized");
        }
        int required = requiredKeyUsage();
        if ((key.usage() & required) != required) {
            throw panic(TeeResult.BAD_PARAMETERS, String.format("the key's usage 0x%08X lacks 0x%08X", key.usage(),
                    required));
        }
        if (key.keySize() > maxKeySize) {
            throw panic(TeeResult.BAD_PARAMETERS, "a key of " + key.keySize() + " bits exceeds maxKeySize " + maxKeySize);
        }
        int type = spec.keyType(mode);
        boolean pairForPublic = (type & 0x01000000) == 0 && key.type() == (type | 0x01000000)
                && spec.kind() != AlgorithmTable.Kind.CIPHER && spec.kind() != AlgorithmTable.Kind.MAC;
        if (key.type() != type && !pairForPublic) {
            throw panic(TeeResult.BAD_PARAMETERS, String.format("a key of type 0x%08X, not 0x%08X", key.type(), type));
        }
    }

    private void installKeys(TransientObject first, TransientObject second, int size) throws TeeException {
        wipeKeys();
        key1 = first;
        key2 = second;
        handleState |= HANDLE_FLAG_KEY_SET;
        keySize = size;
        if (engines.asymmetric() != null) {
            try {
                engines.asymmetric().setKey(first, second);
            } catch (TeeException e) {
                clearKeys();
                throw e;
            }
        }
        if (operationState != OPERATION_STATE_INITIAL) {
            resetState();
        }
    }

    private void clearKeys() {
        wipeKeys();
        handleState &= ~HANDLE_FLAG_KEY_SET;
        if (operationState != OPERATION_STATE_INITIAL) {
            resetState();
        }
    }

    private void wipeKeys() {
        Keys.wipe(key1);
        Keys.wipe(key2);
        key1 = null;
        key2 = null;
    }

    /**
     * {@code TEE_CopyOperation(this, source)}: this operation takes {@code source}'s keys, state
     * and buffered data, in any state (mid-stream and extracting included). Panics if the
     * algorithms or modes differ, or if a key of {@code source} does not fit this operation.
     */
    public void copyFrom(Operation source) {
        checkOpen();
        if (source == null || source.freed) {
            throw panic(0, "TEE_CopyOperation from a freed operation");
        }
        if (source.spec.algorithm() != spec.algorithm() || source.mode != mode) {
            throw panic(0, "TEE_CopyOperation between different algorithms or modes");
        }
        if (source == this) {
            return;
        }
        try {
            copyKeys(source);
        } catch (TeeException e) {
            throw panic(e.result(), "TEE_CopyOperation: " + e.getMessage());
        }
        handleState = source.handleState;
        keySize = source.keySize;
        digestLength = source.digestLength;
        operationState = source.operationState;
        if (blocks != null) {
            blocks.copyFrom(source.blocks);
        }
        System.arraycopy(source.extractBuffer, 0, extractBuffer, 0, extractBuffer.length);
        extractOffset = source.extractOffset;
        engines.copyFrom(source.engines);
    }

    private void copyKeys(Operation source) throws TeeException {
        if (spec.keyless()) {
            return;
        }
        boolean set = (source.handleState & HANDLE_FLAG_KEY_SET) != 0;
        if (!spec.twoKeys()) {
            setKey1(set ? source.key1 : null);
        } else if (operationState != OPERATION_STATE_INITIAL) {
            throw panic(0, "TEE_CopyOperation into an active two-key operation (TEE_SetOperationKey2)");
        } else {
            setKeys2(set ? source.key1 : null, set ? source.key2 : null);
        }
    }

    /** {@code TEE_FreeOperation}: wipes the keys and state; the operation is unusable after. */
    @Override
    public void close() {
        if (freed) {
            return;
        }
        freed = true;
        wipeKeys();
        engines.wipe();
        if (blocks != null) {
            blocks.wipe();
        }
        java.util.Arrays.fill(extractBuffer, (byte) 0);
    }

    /** The algorithm ({@link TeeAlg}). */
    public int algorithm() {
        return spec.algorithm();
    }

    /** The mode ({@code TEE_MODE_*}). */
    public int mode() {
        return mode;
    }

    /** The operation class ({@code TEE_OPERATION_*}). */
    public int operationClass() {
        return spec.operationClass();
    }

    private int requiredKeyUsage() {
        return spec.requiredUsage(mode);
    }

    // ------------------------------------------------------------------------------------------
    // Message digest functions (GP §6.3)

    /** {@code TEE_DigestUpdate}. Panics unless a digest operation (or while extracting). */
    public void digestUpdate(ByteBuffer chunk) {
        checkClass(TeeCrypto.OPERATION_DIGEST, 0);
        if (operationState == OPERATION_STATE_EXTRACTING) {
            throw panic(0, "TEE_DigestUpdate while extracting");
        }
        operationState = OPERATION_STATE_ACTIVE;
        engines.digest().update(Buffers.orEmpty(chunk));
    }

    /**
     * {@code TEE_DigestDoFinal}: hashes {@code chunk}, writes the digest, starts over. For SHAKE it
     * writes {@code hash.remaining()} bytes of output; after {@link #digestExtract} it writes what
     * is left of the digest (then {@code chunk} must be empty).
     *
     * @return the bytes written
     * @throws ShortBufferException with the digest length, if {@code hash} is too small
     */
    public int digestDoFinal(ByteBuffer chunk, ByteBuffer hash) throws TeeException {
        checkClass(TeeCrypto.OPERATION_DIGEST, TeeResult.BAD_PARAMETERS);
        chunk = Buffers.orEmpty(chunk);
        if (operationState == OPERATION_STATE_EXTRACTING && chunk.hasRemaining()) {
            throw panic(TeeResult.BAD_PARAMETERS, "TEE_DigestDoFinal with data while extracting");
        }
        Buffers.checkWritable(hash, "hash");
        int room = Buffers.remaining(hash);
        DigestEngine d = engines.digest();
        byte[] out;
        if (operationState == OPERATION_STATE_EXTRACTING && !d.xof()) {
            out = java.util.Arrays.copyOfRange(extractBuffer, extractOffset,
                    extractOffset + Math.min(room, extractBuffer.length - extractOffset));
        } else if (d.xof()) {
            if (chunk.hasRemaining()) {
                // nothing to absorb once squeezing (after digestExtract): Keccak refuses even 0 bytes
                d.update(chunk);
            }
            out = new byte[room];
            d.squeezeFinal(out, 0, room);
        } else {
            if (room < d.length()) {
                throw new ShortBufferException(d.length(), "the digest is " + d.length() + " bytes");
            }
            d.update(chunk);
            out = new byte[d.length()];
            d.doFinal(out, 0);
        }
        if (out.length > 0) {
            hash.put(out);
        }
        resetState();
        return out.length;
    }

    /**
     * {@code TEE_DigestExtract} (GP 1.3.1): writes the next {@code out.remaining()} bytes of the
     * digest (all of them for SHAKE; for a fixed-length digest, what is left of it).
     */
    public void digestExtract(ByteBuffer out) throws TeeException {
        checkClass(TeeCrypto.OPERATION_DIGEST, 0);
        Buffers.checkWritable(out, "out");
        int room = Buffers.remaining(out);
        DigestEngine d = engines.digest();
        handleState |= HANDLE_FLAG_EXTRACTING;
        if (d.xof()) {
            operationState = OPERATION_STATE_EXTRACTING;
            byte[] b = new byte[room];
            d.squeeze(b, 0, room);
            if (room > 0) {
                out.put(b);
            }
            return;
        }
        if (operationState != OPERATION_STATE_EXTRACTING) {
            d.doFinal(extractBuffer, 0);
            extractOffset = 0;
            operationState = OPERATION_STATE_EXTRACTING;
        }
        int n = Math.min(room, extractBuffer.length - extractOffset);
        if (n > 0) {
            out.put(extractBuffer, extractOffset, n);
        }
        extractOffset += n;
    }

    /**
     * The digest of {@code message}: {@code TEE_DigestDoFinal} into a new array (32 bytes of
     * SHAKE128 output, 64 of SHAKE256).
     */
    public byte[] digest(byte[] message) throws TeeException {
        checkClass(TeeCrypto.OPERATION_DIGEST, TeeResult.BAD_PARAMETERS);
        int length = engines.digest().xof() ? (spec.algorithm() == TeeAlg.SHAKE128 ? 32 : 64)
                : engines.digest().length();
        byte[] out = new byte[length];
        digestDoFinal(ByteBuffer.wrap(message), ByteBuffer.wrap(out));
        return out;
    }

    // ------------------------------------------------------------------------------------------
    // Symmetric cipher functions (GP §6.4)

    /**
     * {@code TEE_CipherInit}: starts (or restarts) with {@code iv} ({@code null}: none). Panics
     * without a key, with an IV for ECB, or with an IV the mode does not take (CBC, CTR, CTS, XTS:
     * exactly one block).
     */
    public void cipherInit(byte[] iv) {
        checkClass(TeeCrypto.OPERATION_CIPHER, 0);
        requireKey();
        if (operationState != OPERATION_STATE_INITIAL) {
            resetState();
        }
        if (iv != null && iv.length > 0 && isEcb()) {
            throw panic(0, "an IV for ECB");
        }
        operationState = OPERATION_STATE_ACTIVE;
        engines.cipher().init(mode == TeeCrypto.MODE_ENCRYPT, Keys.secret(key1), Keys.secret(key2),
                iv == null ? null : iv.clone());
        if (blocks != null) {
            blocks.clear();
        }
        handleState |= HANDLE_FLAG_INITIALIZED;
    }

    /**
     * {@code TEE_CipherUpdate}: outputs what it can (block modes hold a partial block back; CTS and
     * XTS the last two blocks).
     *
     * @return the bytes written
     * @throws ShortBufferException with libutee's required size, nothing consumed
     */
    public int cipherUpdate(ByteBuffer src, ByteBuffer dst) throws TeeException {
        checkCipherActive();
        Buffers.checkWritable(dst, "dst");
        src = Buffers.orEmpty(src);
        long required = blocks == null ? src.remaining() : blocks.updateOutput(src.remaining());
        requireRoom(dst, required);
        if (blocks == null) {
            return src.hasRemaining() ? engines.cipher().update(src, dst) : 0;
        }
        return blocks.update(src, dst, engines.cipher()::update);
    }

    /**
     * {@code TEE_CipherDoFinal}: the rest, and the operation returns to its initial state.
     * Panics when ECB or CBC without padding end with a partial block.
     *
     * @return the bytes written
     * @throws ShortBufferException with the held bytes plus {@code src}'s, nothing consumed
     */
    public int cipherDoFinal(ByteBuffer src, ByteBuffer dst) throws TeeException {
        checkCipherActive();
        Buffers.checkWritable(dst, "dst");
        src = Buffers.orEmpty(src);
        int held = blocks == null ? 0 : blocks.held();
        if (isNoPadding() && (held + src.remaining()) % spec.blockSize() != 0) {
            throw panic(TeeResult.BAD_PARAMETERS, "no padding: the data must be whole blocks");
        }
        requireRoom(dst, (long) held + src.remaining());
        CipherEngine c = engines.cipher();
        int written;
        if (blocks == null) {
            written = c.doFinal(src, dst);
        } else {
            written = src.hasRemaining() ? blocks.update(src, dst, c::update) : 0;
            written += c.doFinal(blocks.heldBytes(), dst);
            blocks.clear();
        }
        handleState &= ~HANDLE_FLAG_INITIALIZED;
        operationState = OPERATION_STATE_INITIAL;
        return written;
    }

    private void checkCipherActive() {
        checkClass(TeeCrypto.OPERATION_CIPHER, TeeResult.BAD_PARAMETERS);
        if ((handleState & HANDLE_FLAG_INITIALIZED) == 0 || operationState != OPERATION_STATE_ACTIVE) {
            throw panic(TeeResult.BAD_PARAMETERS, "the cipher is not initialized (TEE_CipherInit)");
        }
    }

    private boolean isEcb() {
        int a = spec.algorithm();
        return a == TeeAlg.AES_ECB_NOPAD || a == TeeAlg.DES_ECB_NOPAD || a == TeeAlg.DES3_ECB_NOPAD
                || a == TeeAlg.SM4_ECB_NOPAD;
    }

    private boolean isNoPadding() {
        int a = spec.algorithm();
        return isEcb() || a == TeeAlg.AES_CBC_NOPAD || a == TeeAlg.DES_CBC_NOPAD || a == TeeAlg.DES3_CBC_NOPAD
                || a == TeeAlg.SM4_CBC_NOPAD;
    }

    // ------------------------------------------------------------------------------------------
    // MAC functions (GP §6.5)

    /** {@code TEE_MACInit}: starts (or restarts); {@code iv} is ignored, as in OP-TEE. Panics without a key. */
    public void macInit(byte[] iv) {
        checkClass(TeeCrypto.OPERATION_MAC, 0);
        requireKey();
        if (operationState != OPERATION_STATE_INITIAL) {
            resetState();
        }
        operationState = OPERATION_STATE_ACTIVE;
        engines.mac().init(Keys.secret(key1));
        handleState |= HANDLE_FLAG_INITIALIZED;
    }

    /** {@code TEE_MACUpdate}. Panics unless initialized. */
    public void macUpdate(ByteBuffer chunk) {
        checkMacActive(0);
        engines.mac().update(Buffers.orEmpty(chunk));
    }

    /**
     * {@code TEE_MACComputeFinal}: MACs {@code message}, writes the MAC, and the operation returns
     * to its initial state.
     *
     * @return the MAC length
     * @throws ShortBufferException with the MAC length, nothing consumed
     */
    public int macComputeFinal(ByteBuffer message, ByteBuffer mac) throws TeeException {
        checkMacActive(TeeResult.BAD_PARAMETERS);
        Buffers.checkWritable(mac, "mac");
        int length = engines.mac().length();
        requireRoom(mac, length);
        mac.put(computeMac(message));
        return length;
    }

    /**
     * {@code TEE_MACCompareFinal}: MACs {@code message} and compares (in constant time) with all of
     * {@code mac}; the operation returns to its initial state either way.
     *
     * @throws TeeException {@code TEE_ERROR_MAC_INVALID}
     */
    public void macCompareFinal(ByteBuffer message, ByteBuffer mac) throws TeeException {
        checkMacActive(TeeResult.BAD_PARAMETERS);
        byte[] computed = computeMac(message);
        byte[] expected = Buffers.take(mac);
        if (!java.security.MessageDigest.isEqual(computed, expected)) {
            throw new TeeException(TeeResult.MAC_INVALID, "the MAC does not match");
        }
    }

    private byte[] computeMac(ByteBuffer message) {
        MacEngine m = engines.mac();
        m.update(Buffers.orEmpty(message));
        byte[] out = new byte[m.length()];
        m.doFinal(out);
        handleState &= ~HANDLE_FLAG_INITIALIZED;
        operationState = OPERATION_STATE_INITIAL;
        return out;
    }

    private void checkMacActive(int panicCode) {
        checkClass(TeeCrypto.OPERATION_MAC, panicCode);
        if ((handleState & HANDLE_FLAG_INITIALIZED) == 0 || operationState != OPERATION_STATE_ACTIVE) {
            throw panic(panicCode, "the MAC is not initialized (TEE_MACInit)");
        }
    }

    // ------------------------------------------------------------------------------------------
    // Authenticated encryption functions (GP §6.6)

    /**
     * {@code TEE_AEInit}. GCM: tags of 96 to 128 bits in steps of 8, any nonce length; CCM: tags of
     * 32 to 128 bits in steps of 16, nonces of 7 to 13 bytes, and the AAD and payload lengths given
     * here must be met exactly. Panics without a nonce or key, or when not in the initial state.
     *
     * @throws TeeException {@code TEE_ERROR_NOT_SUPPORTED} for a tag length the mode does not have
     */
    public void aeInit(byte[] nonce, int tagLenBits, long aadLen, long payloadLen) throws TeeException {
        checkClass(TeeCrypto.OPERATION_AE, TeeResult.BAD_PARAMETERS);
        if (nonce == null || operationState != OPERATION_STATE_INITIAL) {
            throw panic(TeeResult.BAD_PARAMETERS, nonce == null ? "TEE_AEInit without a nonce"
                    : "TEE_AEInit on an active operation");
        }
        if (spec.algorithm() == TeeAlg.AES_GCM && (tagLenBits < 96 || tagLenBits > 128 || tagLenBits % 8 != 0)) {
            throw new TeeException(TeeResult.NOT_SUPPORTED, "GCM tag of " + tagLenBits + " bits");
        }
        if ((handleState & HANDLE_FLAG_KEY_SET) == 0) {
            throw panic(TeeResult.BAD_PARAMETERS, "TEE_AEInit without a key");
        }
        engines.ae().init(mode == TeeCrypto.MODE_ENCRYPT, Keys.secret(key1), nonce.clone(), tagLenBits / 8, aadLen,
                payloadLen);
        digestLength = tagLenBits / 8;
        if (blocks != null) {
            blocks.clear();
        }
        handleState |= HANDLE_FLAG_INITIALIZED;
    }

    /** {@code TEE_AEUpdateAAD}. Panics unless initialized and before any payload. */
    public void aeUpdateAad(ByteBuffer aad) {
        checkClass(TeeCrypto.OPERATION_AE, 0);
        if (operationState != OPERATION_STATE_INITIAL || (handleState & HANDLE_FLAG_INITIALIZED) == 0) {
            throw panic(0, "TEE_AEUpdateAAD after the payload or before TEE_AEInit");
        }
        engines.ae().updateAad(Buffers.orEmpty(aad));
    }

    /**
     * {@code TEE_AEUpdate}: outputs what it can (CCM holds a partial block back, as libutee).
     *
     * @return the bytes written
     * @throws ShortBufferException with libutee's required size, nothing consumed
     */
    public int aeUpdate(ByteBuffer src, ByteBuffer dst) throws TeeException {
        checkAeInitialized();
        Buffers.checkWritable(dst, "dst");
        src = Buffers.orEmpty(src);
        int n = src.remaining();
        requireRoom(dst, blocks == null ? n : blocks.aeUpdateOutput(n));
        int written = blocks == null ? (n > 0 ? engines.ae().update(src, dst) : 0)
                : blocks.update(src, dst, engines.ae()::update);
        if (n > 0) {
            operationState = OPERATION_STATE_ACTIVE;
        }
        return written;
    }

    /**
     * {@code TEE_AEEncryptFinal}: the rest, and the tag (the length {@link #aeInit} set) into
     * {@code tag}.
     *
     * @return the bytes written to {@code dst}
     * @throws ShortBufferException with the sizes both outputs need ({@link ShortBufferException#required()},
     *     {@link ShortBufferException#requiredTag()}), nothing consumed
     */
    public int aeEncryptFinal(ByteBuffer src, ByteBuffer dst, ByteBuffer tag) throws TeeException {
        checkAeInitialized();
        Buffers.checkWritable(dst, "dst");
        Buffers.checkWritable(tag, "tag");
        src = Buffers.orEmpty(src);
        long required = (long) held() + src.remaining();
        if (Buffers.remaining(dst) < required || Buffers.remaining(tag) < digestLength) {
            throw new ShortBufferException((int) required, digestLength, "AE output of " + required + " bytes and a "
                    + digestLength + "-byte tag");
        }
        if (mode != TeeCrypto.MODE_ENCRYPT) {
            throw panic(TeeResult.BAD_PARAMETERS, "TEE_AEEncryptFinal on a decryption");
        }
        byte[] t = new byte[digestLength];
        int written = aeFinal(src, dst, (s, d) -> engines.ae().encryptFinal(s, d, t));
        tag.put(t);
        return written;
    }

    /**
     * {@code TEE_AEDecryptFinal}: the rest, checked against all of {@code tag}. On a mismatch
     * nothing is released (what the call decrypted is wiped) and the operation stays initialized,
     * as in OP-TEE.
     *
     * @return the bytes written
     * @throws TeeException {@code TEE_ERROR_MAC_INVALID}; {@link ShortBufferException} with the
     *     held bytes plus {@code src}'s, nothing consumed
     */
    public int aeDecryptFinal(ByteBuffer src, ByteBuffer dst, ByteBuffer tag) throws TeeException {
        checkAeInitialized();
        Buffers.checkWritable(dst, "dst");
        src = Buffers.orEmpty(src);
        requireRoom(dst, (long) held() + src.remaining());
        if (mode != TeeCrypto.MODE_DECRYPT) {
            throw panic(TeeResult.BAD_PARAMETERS, "TEE_AEDecryptFinal on an encryption");
        }
        byte[] t = Buffers.take(tag);
        int start = dst == null ? 0 : dst.position();
        try {
            return aeFinal(src, dst, (s, d) -> engines.ae().decryptFinal(s, d, t));
        } catch (TeeException e) {
            if (dst != null) {
                Buffers.wipe(dst, start, dst.position() - start);
            }
            throw e;
        }
    }

    /** The final call of either direction: buffered bytes first, then the engine's final. */
    private int aeFinal(ByteBuffer src, ByteBuffer dst, BlockBuffer.Sink engineFinal) throws TeeException {
        ByteBuffer out = dst == null ? ByteBuffer.allocate(0) : dst;
        int written;
        if (blocks == null) {
            written = engineFinal.process(src, out);
        } else {
            written = src.hasRemaining() ? blocks.update(src, out, engines.ae()::update) : 0;
            written += engineFinal.process(blocks.heldBytes(), out);
            blocks.clear();
        }
        handleState &= ~HANDLE_FLAG_INITIALIZED;
        operationState = OPERATION_STATE_INITIAL;
        return written;
    }

    private void checkAeInitialized() {
        checkClass(TeeCrypto.OPERATION_AE, TeeResult.BAD_PARAMETERS);
        if ((handleState & HANDLE_FLAG_INITIALIZED) == 0) {
            throw panic(TeeResult.BAD_PARAMETERS, "the AE operation is not initialized (TEE_AEInit)");
        }
    }

    private int held() {
        return blocks == null ? 0 : blocks.held();
    }

    // ------------------------------------------------------------------------------------------
    // Asymmetric functions (GP §6.7), key derivation (§6.8) and jtee's KEM

    /**
     * {@code TEE_AsymmetricEncrypt}.
     *
     * @return the bytes written
     * @throws TeeException {@code BAD_PARAMETERS}, {@code CIPHERTEXT_INVALID} or
     *     {@code NOT_SUPPORTED} from the algorithm; {@link ShortBufferException} with the output's length
     */
    public int asymmetricEncrypt(List<Attribute> params, ByteBuffer src, ByteBuffer dst) throws TeeException {
        return asymmetricCipher(TeeCrypto.MODE_ENCRYPT, params, src, dst);
    }

    /**
     * {@code TEE_AsymmetricDecrypt}.
     *
     * @return the bytes written
     * @throws TeeException as {@link #asymmetricEncrypt}
     */
    public int asymmetricDecrypt(List<Attribute> params, ByteBuffer src, ByteBuffer dst) throws TeeException {
        return asymmetricCipher(TeeCrypto.MODE_DECRYPT, params, src, dst);
    }

    private int asymmetricCipher(int wanted, List<Attribute> params, ByteBuffer src, ByteBuffer dst)
            throws TeeException {
        checkAsymmetric(TeeCrypto.OPERATION_ASYMMETRIC_CIPHER, wanted, TeeResult.GENERIC);
        Buffers.checkWritable(dst, "dst");
        byte[] in = Buffers.take(src == null ? null : src.duplicate());
        byte[] out;
        try {
            out = wanted == TeeCrypto.MODE_ENCRYPT ? engines.asymmetric().encrypt(List.copyOf(params), in)
                    : engines.asymmetric().decrypt(List.copyOf(params), in);
        } catch (TeeException e) {
            int r = e.result();
            if (r == TeeResult.BAD_PARAMETERS || r == TeeResult.CIPHERTEXT_INVALID || r == TeeResult.NOT_SUPPORTED) {
                throw e;
            }
            throw panic(r, e.getMessage());
        }
        requireRoom(dst, out.length);
        consume(src);
        dst.put(out);
        return out.length;
    }

    /**
     * {@code TEE_AsymmetricSignDigest} (the message itself for Ed25519 and ML-DSA). Panics on a
     * digest of the wrong length for RSA and DSA, as OP-TEE.
     *
     * @return the signature's length
     * @throws ShortBufferException with the signature's length
     */
    public int asymmetricSignDigest(List<Attribute> params, ByteBuffer digest, ByteBuffer signature)
            throws TeeException {
        checkAsymmetric(TeeCrypto.OPERATION_ASYMMETRIC_SIGNATURE, TeeCrypto.MODE_SIGN, TeeResult.GENERIC);
        Buffers.checkWritable(signature, "signature");
        int digestBytes = Buffers.remaining(digest);
        SignatureRules.checkDigestLength(spec.algorithm(), key1, digestBytes, true, TeeResult.BAD_PARAMETERS);
        int length = engines.asymmetric().signatureLength();
        requireRoom(signature, length);
        byte[] sig;
        try {
            sig = engines.asymmetric().sign(List.copyOf(params), Buffers.take(digest));
        } catch (TeeException e) {
            throw panic(e.result(), e.getMessage());
        }
        if (sig.length > Buffers.remaining(signature)) {
            throw panic(TeeResult.GENERIC, "a signature longer than announced");
        }
        signature.put(sig);
        return sig.length;
    }

    /**
     * {@code TEE_AsymmetricVerifyDigest}. Panics on a digest of the wrong length for RSA and DSA,
     * as OP-TEE.
     *
     * @throws TeeException {@code TEE_ERROR_SIGNATURE_INVALID}
     */
    public void asymmetricVerifyDigest(List<Attribute> params, ByteBuffer digest, ByteBuffer signature)
            throws TeeException {
        checkAsymmetric(TeeCrypto.OPERATION_ASYMMETRIC_SIGNATURE, TeeCrypto.MODE_VERIFY, TeeResult.BAD_PARAMETERS);
        SignatureRules.checkDigestLength(spec.algorithm(), key1, Buffers.remaining(digest), false,
                TeeResult.BAD_PARAMETERS);
        boolean valid;
        try {
            valid = engines.asymmetric().verify(List.copyOf(params), Buffers.take(digest), Buffers.take(signature));
        } catch (TeeException e) {
            if (e.result() == TeeResult.SIGNATURE_INVALID) {
                throw e;
            }
            throw panic(e.result(), e.getMessage());
        }
        if (!valid) {
            throw new TeeException(TeeResult.SIGNATURE_INVALID, "the signature does not verify");
        }
    }

    /**
     * {@code TEE_DeriveKey}: fills {@code derived}, which must be an uninitialized
     * {@code TEE_TYPE_GENERIC_SECRET} object. Panics on any misuse or failure, as GP says.
     */
    public void deriveKey(List<Attribute> params, TransientObject derived) {
        checkAsymmetric(TeeCrypto.OPERATION_KEY_DERIVATION, TeeCrypto.MODE_DERIVE, 0);
        checkSecretTarget(derived);
        try {
            engines.asymmetric().derive(List.copyOf(params), derived);
        } catch (TeeException e) {
            throw panic(e.result(), e.getMessage());
        }
    }

    /**
     * ML-KEM encapsulation (jtee extension): writes the ciphertext and fills {@code sharedSecret}, an
     * uninitialized {@code TEE_TYPE_GENERIC_SECRET} object of at least 256 bits.
     *
     * @return the ciphertext's length
     * @throws ShortBufferException with the ciphertext's length, before anything is done
     */
    public int kemEncapsulate(ByteBuffer ciphertext, TransientObject sharedSecret) throws TeeException {
        checkAsymmetric(TeeCrypto.OPERATION_KEM, TeeCrypto.MODE_ENCAPSULATE, 0);
        Buffers.checkWritable(ciphertext, "ciphertext");
        checkSecretTarget(sharedSecret);
        requireRoom(ciphertext, SignatureRules.kemCiphertextLength(spec.algorithm()));
        byte[] ct;
        try {
            ct = engines.asymmetric().encapsulate(sharedSecret);
        } catch (TeeException e) {
            throw panic(e.result(), e.getMessage());
        }
        ciphertext.put(ct);
        return ct.length;
    }

    /**
     * ML-KEM decapsulation (jtee extension) of all of {@code ciphertext} into {@code sharedSecret},
     * an uninitialized {@code TEE_TYPE_GENERIC_SECRET} object. An invalid ciphertext yields FIPS
     * 203's implicit-rejection secret, not an error.
     *
     * @throws TeeException {@code TEE_ERROR_BAD_PARAMETERS} for a ciphertext of the wrong length
     */
    public void kemDecapsulate(ByteBuffer ciphertext, TransientObject sharedSecret) throws TeeException {
        checkAsymmetric(TeeCrypto.OPERATION_KEM, TeeCrypto.MODE_DECAPSULATE, 0);
        checkSecretTarget(sharedSecret);
        int expected = SignatureRules.kemCiphertextLength(spec.algorithm());
        if (Buffers.remaining(ciphertext) != expected) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, "an ML-KEM ciphertext is " + expected + " bytes");
        }
        try {
            engines.asymmetric().decapsulate(Buffers.take(ciphertext), sharedSecret);
        } catch (TeeException e) {
            if (e.result() == TeeResult.BAD_PARAMETERS || e.result() == TeeResult.CIPHERTEXT_INVALID) {
                throw e;
            }
            throw panic(e.result(), e.getMessage());
        }
    }

    private void checkAsymmetric(int opClass, int wantedMode, int noKeyPanic) {
        checkClass(opClass, 0);
        if (mode != wantedMode) {
            throw panic(0, "the operation's mode is " + mode + ", not " + wantedMode);
        }
        if ((handleState & HANDLE_FLAG_KEY_SET) == 0) {
            throw panic(noKeyPanic, "no key set (TEE_SetOperationKey)");
        }
    }

    private static void checkSecretTarget(TransientObject target) {
        if (target == null) {
            throw panic(0, "no object for the derived key");
        }
        if (target.type() != TeeType.GENERIC_SECRET) {
            throw panic(0, String.format("the derived key's object is of type 0x%08X, not TEE_TYPE_GENERIC_SECRET",
                    target.type()));
        }
        if (target.isInitialized()) {
            throw panic(0, "the derived key's object is already initialized");
        }
    }

    // ------------------------------------------------------------------------------------------

    private void checkOpen() {
        if (freed) {
            throw panic(0, "the operation was freed (TEE_FreeOperation)");
        }
    }

    private void checkClass(int opClass, int panicCode) {
        checkOpen();
        if (spec.operationClass() != opClass) {
            throw panic(panicCode, String.format("a function of class %d on an operation of class %d (algorithm 0x%08X)",
                    opClass, spec.operationClass(), spec.algorithm()));
        }
    }

    private void requireKey() {
        if ((handleState & HANDLE_FLAG_KEY_SET) == 0) {
            throw panic(0, "no key set (TEE_SetOperationKey)");
        }
    }

    private static void requireRoom(ByteBuffer out, long required) throws ShortBufferException {
        if (Buffers.remaining(out) < required) {
            throw new ShortBufferException((int) required, "the output needs " + required + " bytes, has "
                    + Buffers.remaining(out));
        }
    }

    private static void consume(ByteBuffer in) {
        if (in != null) {
            in.position(in.limit());
        }
    }

    static TaPanic panic(int code, String message) {
        return new TaPanic(code, message);
    }
}
