package org.jtee.xtest.ta.crypt;

import static org.jtee.common.ParamTypes.MEMREF_INPUT;
import static org.jtee.common.ParamTypes.MEMREF_OUTPUT;
import static org.jtee.common.ParamTypes.NONE;
import static org.jtee.common.ParamTypes.VALUE_INOUT;
import static org.jtee.common.ParamTypes.VALUE_INPUT;
import static org.jtee.common.ParamTypes.VALUE_OUTPUT;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

import org.jtee.common.ParamTypes;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.crypto.Attribute;
import org.jtee.crypto.Operation;
import org.jtee.crypto.OperationInfo;
import org.jtee.crypto.ShortBufferException;
import org.jtee.crypto.TeeCrypto;
import org.jtee.crypto.TransientObject;
import org.jtee.ta.CallContext;
import org.jtee.ta.MemoryReference;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.TaPanic;
import org.jtee.ta.Tee;
import org.jtee.ta.TrustedApplication;
import org.jtee.ta.Value;
import org.jtee.xtest.ta.common.XtestTaUuids;

/**
 * OP-TEE's crypt test TA (optee_test/ta/crypt) in Java, under its UUID, with its commands and
 * parameter layouts, so that xtest's 4000, 4100 and 8000 cases drive jtee's GP cryptography
 * ({@code org.jtee.crypto}) through jtee's libteec as they drive OP-TEE's. Not single instance:
 * every session has its own instance, and so its own handle tables. Command reference:
 * {@code docs/xtest-tas.md} and OP-TEE's {@code ta_crypt.h}.
 */
@Ta(uuid = XtestTaUuids.CRYPT, version = "1.0", stackSize = 32 * 1024, dataSize = 32 * 1024,
        description = "xtest: crypt, GP cryptographic operations and arithmetic")
public final class CryptTa implements TrustedApplication<Void> {
    static final int CMD_SHA224 = 1;
    static final int CMD_SHA256 = 2;
    static final int CMD_AES256ECB_ENC = 3;
    static final int CMD_AES256ECB_DEC = 4;
    static final int CMD_ALLOCATE_OPERATION = 5;
    static final int CMD_FREE_OPERATION = 6;
    static final int CMD_GET_OPERATION_INFO = 7;
    static final int CMD_RESET_OPERATION = 8;
    static final int CMD_SET_OPERATION_KEY = 9;
    static final int CMD_SET_OPERATION_KEY2 = 10;
    static final int CMD_COPY_OPERATION = 11;
    static final int CMD_DIGEST_UPDATE = 12;
    static final int CMD_DIGEST_DO_FINAL = 13;
    static final int CMD_CIPHER_INIT = 14;
    static final int CMD_CIPHER_UPDATE = 15;
    static final int CMD_CIPHER_DO_FINAL = 16;
    static final int CMD_MAC_INIT = 17;
    static final int CMD_MAC_UPDATE = 18;
    static final int CMD_MAC_FINAL_COMPUTE = 19;
    static final int CMD_MAC_FINAL_COMPARE = 20;
    static final int CMD_ALLOCATE_TRANSIENT_OBJECT = 21;
    static final int CMD_FREE_TRANSIENT_OBJECT = 22;
    static final int CMD_RESET_TRANSIENT_OBJECT = 23;
    static final int CMD_POPULATE_TRANSIENT_OBJECT = 24;
    static final int CMD_COPY_OBJECT_ATTRIBUTES = 25;
    static final int CMD_GENERATE_KEY = 26;
    static final int CMD_ASYMMETRIC_ENCRYPT = 27;
    static final int CMD_ASYMMETRIC_DECRYPT = 28;
    static final int CMD_ASYMMETRIC_SIGN_DIGEST = 29;
    static final int CMD_ASYMMETRIC_VERIFY_DIGEST = 30;
    static final int CMD_DERIVE_KEY = 31;
    static final int CMD_RANDOM_NUMBER_GENERATE = 32;
    static final int CMD_AE_INIT = 33;
    static final int CMD_AE_UPDATE_AAD = 34;
    static final int CMD_AE_UPDATE = 35;
    static final int CMD_AE_ENCRYPT_FINAL = 36;
    static final int CMD_AE_DECRYPT_FINAL = 37;
    static final int CMD_GET_OBJECT_BUFFER_ATTRIBUTE = 38;
    static final int CMD_GET_OBJECT_VALUE_ATTRIBUTE = 39;
    static final int CMD_SETGLOBAL = 40;
    static final int CMD_GETGLOBAL = 41;
    static final int CMD_SEED_RNG_POOL = 45;
    static final int CMD_DERIVE_TA_UNIQUE_KEY = 77;
    static final int CMD_DERIVE_TA_UNIQUE_KEY_SHM = 78;
    static final int CMD_IS_ALGO_SUPPORTED = 79;
    static final int CMD_DIGEST_EXTRACT = 80;

    private static final int OPERATION_INFO_SIZE = 32;

    private final HandleTable<Operation> operations = new HandleTable<>("operation");
    private final HandleTable<TransientObject> objects = new HandleTable<>("object");
    private final CryptArithmetic arithmetic = new CryptArithmetic();
    private int global;

    @Override
    public Void openSession(CallContext call, Parameters params) {
        return null;
    }

    @Override
    public void invokeCommand(Void session, CallContext call, int commandId, Parameters params) throws TeeException {
        if (CryptArithmetic.handles(commandId)) {
            arithmetic.invoke(commandId, params);
            return;
        }
        switch (commandId) {
            case CMD_SHA224 -> digest("SHA-224", 28, params);
            case CMD_SHA256 -> digest("SHA-256", 32, params);
            case CMD_AES256ECB_ENC -> aes256Ecb(Cipher.ENCRYPT_MODE, params);
            case CMD_AES256ECB_DEC -> aes256Ecb(Cipher.DECRYPT_MODE, params);
            case CMD_ALLOCATE_OPERATION -> allocateOperation(params);
            case CMD_FREE_OPERATION -> {
                Operation op = operations.remove(a(params, 0));
                params.expect(VALUE_INPUT, NONE, NONE, NONE);
                if (op != null) {
                    op.close();
                }
            }
            case CMD_GET_OPERATION_INFO -> operationInfo(params);
            case CMD_RESET_OPERATION -> {
                Operation op = op(params);
                params.expect(VALUE_INPUT, NONE, NONE, NONE);
                nonNull(op).reset();
            }
            case CMD_SET_OPERATION_KEY -> {
                Operation op = op(params);
                TransientObject key = objects.lookup(b(params, 0));
                params.expect(VALUE_INPUT, NONE, NONE, NONE);
                nonNull(op).setKey(key);
            }
            case CMD_SET_OPERATION_KEY2 -> {
                Operation op = op(params);
                TransientObject key1 = objects.lookup(b(params, 0));
                TransientObject key2 = objects.lookup(a(params, 1));
                params.expect(VALUE_INPUT, VALUE_INPUT, NONE, NONE);
                nonNull(op).setKey2(key1, key2);
            }
            case CMD_COPY_OPERATION -> {
                Operation dst = op(params);
                Operation src = operations.lookup(b(params, 0));
                params.expect(VALUE_INPUT, NONE, NONE, NONE);
                nonNull(dst).copyFrom(nonNull(src));
            }
            case CMD_DIGEST_UPDATE -> {
                Operation op = op(params);
                params.expect(VALUE_INPUT, MEMREF_INPUT, NONE, NONE);
                nonNull(op).digestUpdate(in(params, 1));
            }
            case CMD_DIGEST_DO_FINAL -> {
                Operation op = op(params);
                params.expect(VALUE_INPUT, MEMREF_INPUT, MEMREF_OUTPUT, NONE);
                MemoryReference out = params.memref(2);
                written(out, () -> nonNull(op).digestDoFinal(in(params, 1), out(out)));
            }
            case CMD_DIGEST_EXTRACT -> {
                Operation op = op(params);
                params.expect(VALUE_INPUT, MEMREF_OUTPUT, NONE, NONE);
                MemoryReference out = params.memref(1);
                written(out, () -> {
                    ByteBuffer buffer = out(out);
                    nonNull(op).digestExtract(buffer);
                    return buffer.position();
                });
            }
            case CMD_CIPHER_INIT -> {
                Operation op = op(params);
                nonNull(op).cipherInit(optionalIv(params));
            }
            case CMD_CIPHER_UPDATE -> {
                Operation op = op(params);
                params.expect(VALUE_INPUT, MEMREF_INPUT, MEMREF_OUTPUT, NONE);
                MemoryReference out = params.memref(2);
                written(out, () -> nonNull(op).cipherUpdate(in(params, 1), out(out)));
            }
            case CMD_CIPHER_DO_FINAL -> {
                Operation op = op(params);
                params.expect(VALUE_INPUT, MEMREF_INPUT, MEMREF_OUTPUT, NONE);
                MemoryReference out = params.memref(2);
                written(out, () -> nonNull(op).cipherDoFinal(in(params, 1), out(out)));
            }
            case CMD_MAC_INIT -> {
                Operation op = op(params);
                nonNull(op).macInit(optionalIv(params));
            }
            case CMD_MAC_UPDATE -> {
                Operation op = op(params);
                params.expect(VALUE_INPUT, MEMREF_INPUT, NONE, NONE);
                nonNull(op).macUpdate(in(params, 1));
            }
            case CMD_MAC_FINAL_COMPUTE -> {
                Operation op = op(params);
                params.expect(VALUE_INPUT, MEMREF_INPUT, MEMREF_OUTPUT, NONE);
                MemoryReference out = params.memref(2);
                written(out, () -> nonNull(op).macComputeFinal(in(params, 1), out(out)));
            }
            case CMD_MAC_FINAL_COMPARE -> {
                Operation op = op(params);
                params.expect(VALUE_INPUT, MEMREF_INPUT, MEMREF_INPUT, NONE);
                nonNull(op).macCompareFinal(in(params, 1), in(params, 2));
            }
            case CMD_ALLOCATE_TRANSIENT_OBJECT -> {
                params.expect(VALUE_INPUT, VALUE_OUTPUT, NONE, NONE);
                TransientObject object = TransientObject.allocate(params.value(0).a(), params.value(0).b());
                params.value(1).setA(objects.put(object));
            }
            case CMD_FREE_TRANSIENT_OBJECT -> {
                TransientObject object = objects.remove(a(params, 0));
                params.expect(VALUE_INPUT, NONE, NONE, NONE);
                if (object != null) {
                    object.close();
                }
            }
            case CMD_RESET_TRANSIENT_OBJECT -> {
                TransientObject object = objects.lookup(a(params, 0));
                params.expect(VALUE_INPUT, NONE, NONE, NONE);
                nonNull(object).reset();
            }
            case CMD_POPULATE_TRANSIENT_OBJECT -> {
                TransientObject object = objects.lookup(a(params, 0));
                params.expect(VALUE_INPUT, MEMREF_INPUT, NONE, NONE);
                List<Attribute> attrs = attributes(params, 1);
                nonNull(object).populate(attrs.toArray(Attribute[]::new));
            }
            case CMD_COPY_OBJECT_ATTRIBUTES -> {
                TransientObject dst = objects.lookup(a(params, 0));
                TransientObject src = objects.lookup(b(params, 0));
                params.expect(VALUE_INPUT, NONE, NONE, NONE);
                nonNull(dst).copyAttributesFrom(nonNull(src));
            }
            case CMD_GENERATE_KEY -> {
                TransientObject object = objects.lookup(a(params, 0));
                params.expect(VALUE_INPUT, MEMREF_INPUT, NONE, NONE);
                List<Attribute> attrs = attributes(params, 1);
                nonNull(object).generateKey(params.value(0).b(), attrs.toArray(Attribute[]::new));
            }
            case CMD_ASYMMETRIC_ENCRYPT, CMD_ASYMMETRIC_DECRYPT, CMD_ASYMMETRIC_SIGN_DIGEST -> asymmetric(commandId, params);
            case CMD_ASYMMETRIC_VERIFY_DIGEST -> {
                Operation op = op(params);
                params.expect(VALUE_INPUT, MEMREF_INPUT, MEMREF_INPUT, MEMREF_INPUT);
                List<Attribute> attrs = attributes(params, 1);
                nonNull(op).asymmetricVerifyDigest(attrs, in(params, 2), in(params, 3));
            }
            case CMD_DERIVE_KEY -> {
                Operation op = op(params);
                TransientObject derived = objects.lookup(b(params, 0));
                params.expect(VALUE_INPUT, MEMREF_INPUT, NONE, NONE);
                List<Attribute> attrs = attributes(params, 1);
                nonNull(op).deriveKey(attrs, nonNull(derived));
            }
            case CMD_RANDOM_NUMBER_GENERATE -> {
                params.expect(MEMREF_OUTPUT, NONE, NONE, NONE);
                MemoryReference out = params.memref(0);
                byte[] random = new byte[(int) Math.min(out.size(), out.capacity())];
                Tee.generateRandom(random);
                MemorySegment.copy(random, 0, out.buffer(), ValueLayout.JAVA_BYTE, 0, random.length);
            }
            case CMD_AE_INIT -> {
                Operation op = op(params);
                params.expect(VALUE_INPUT, MEMREF_INPUT, VALUE_INPUT, NONE);
                byte[] nonce = params.memref(1).toByteArray();
                nonNull(op).aeInit(nonce, params.value(0).b() * 8,
                        Integer.toUnsignedLong(params.value(2).a()), Integer.toUnsignedLong(params.value(2).b()));
            }
            case CMD_AE_UPDATE_AAD -> {
                Operation op = op(params);
                params.expect(VALUE_INPUT, MEMREF_INPUT, NONE, NONE);
                nonNull(op).aeUpdateAad(in(params, 1));
            }
            case CMD_AE_UPDATE -> {
                Operation op = op(params);
                params.expect(VALUE_INPUT, MEMREF_INPUT, MEMREF_OUTPUT, NONE);
                MemoryReference out = params.memref(2);
                written(out, () -> nonNull(op).aeUpdate(in(params, 1), out(out)));
            }
            case CMD_AE_ENCRYPT_FINAL -> aeEncryptFinal(params);
            case CMD_AE_DECRYPT_FINAL -> {
                Operation op = op(params);
                params.expect(VALUE_INPUT, MEMREF_INPUT, MEMREF_OUTPUT, MEMREF_INPUT);
                MemoryReference out = params.memref(2);
                written(out, () -> nonNull(op).aeDecryptFinal(in(params, 1), out(out), in(params, 3)));
            }
            case CMD_GET_OBJECT_BUFFER_ATTRIBUTE -> {
                TransientObject object = objects.lookup(a(params, 0));
                params.expect(VALUE_INPUT, MEMREF_OUTPUT, NONE, NONE);
                MemoryReference out = params.memref(1);
                written(out, () -> nonNull(object).getBufferAttribute(params.value(0).b(), out(out)));
            }
            case CMD_GET_OBJECT_VALUE_ATTRIBUTE -> {
                TransientObject object = objects.lookup(a(params, 0));
                params.expect(VALUE_INPUT, VALUE_OUTPUT, NONE, NONE);
                Attribute value = nonNull(object).valueAttribute(params.value(0).b());
                params.value(1).setA(value.a());
                params.value(1).setB(value.b());
            }
            case CMD_SETGLOBAL -> {
                params.expect(VALUE_INPUT, NONE, NONE, NONE);
                global = params.value(0).a();
            }
            case CMD_GETGLOBAL -> {
                params.expect(VALUE_OUTPUT, NONE, NONE, NONE);
                params.value(0).setA(global);
            }
            case CMD_SEED_RNG_POOL -> {
                params.expect(MEMREF_INPUT, NONE, NONE, NONE);
                byte[] entropy = params.memref(0).toByteArray();
                if (entropy.length == 0) {
                    throw new TeeException(TeeResult.BAD_PARAMETERS, "crypt: no entropy to add");
                }
                Tee.addEntropy(entropy);
            }
            case CMD_DERIVE_TA_UNIQUE_KEY -> {
                params.expect(NONE, NONE, NONE, NONE);
                UniqueKeyCheck.run(call);
            }
            case CMD_DERIVE_TA_UNIQUE_KEY_SHM -> {
                params.expect(MEMREF_INPUT, MEMREF_OUTPUT, NONE, NONE);
                // the client's shared memory as the key's destination: refused (TEE_ERROR_SECURITY)
                MemoryReference extra = params.memref(0);
                call.deriveTaUniqueKey(extra.buffer().asSlice(0, Math.min(extra.size(), extra.capacity())),
                        params.memref(1).buffer());
            }
            case CMD_IS_ALGO_SUPPORTED -> {
                params.expect(VALUE_INPUT, VALUE_OUTPUT, NONE, NONE);
                boolean supported = TeeCrypto.isAlgorithmSupported(params.value(0).a(), params.value(0).b());
                params.value(1).setA(supported ? TeeResult.SUCCESS : TeeResult.NOT_SUPPORTED);
            }
            default -> throw new TeeException(TeeResult.BAD_PARAMETERS, "crypt: unknown command " + commandId);
        }
    }

    private void allocateOperation(Parameters params) throws TeeException {
        params.expect(VALUE_INOUT, VALUE_INPUT, NONE, NONE);
        Operation op = null;
        TeeException failure = null;
        try {
            op = Operation.allocate(params.value(0).b(), params.value(1).a(), params.value(1).b());
        } catch (TeeException e) {
            failure = e;
        }
        // the C TA registers the handle whatever the result, and its handle table panics on NULL
        if (op == null) {
            throw new TaPanic(TeeResult.OUT_OF_MEMORY, "crypt: allocation failed, "
                    + failure.getMessage() + ", and the C TA cannot register a NULL operation");
        }
        params.value(0).setA(operations.put(op));
    }

    private void operationInfo(Parameters params) throws TeeException {
        Operation op = op(params);
        params.expect(VALUE_INPUT, MEMREF_OUTPUT, NONE, NONE);
        MemoryReference out = params.memref(1);
        if (out.capacity() < OPERATION_INFO_SIZE) {
            throw new TeeException(TeeResult.SHORT_BUFFER, "crypt: TEE_OperationInfo needs 32 bytes");
        }
        OperationInfo info = nonNull(op).info();
        ByteBuffer b = ByteBuffer.allocate(OPERATION_INFO_SIZE).order(ByteOrder.nativeOrder());
        b.putInt(info.algorithm()).putInt(info.operationClass()).putInt(info.mode()).putInt(info.digestLength())
                .putInt(info.maxKeySize()).putInt(info.keySize()).putInt(info.requiredKeyUsage()).putInt(info.handleState());
        out.write(b.array());
    }

    private void asymmetric(int commandId, Parameters params) throws TeeException {
        Operation op = op(params);
        params.expect(VALUE_INPUT, MEMREF_INPUT, MEMREF_INPUT, MEMREF_OUTPUT);
        List<Attribute> attrs = attributes(params, 1);
        MemoryReference out = params.memref(3);
        written(out, () -> switch (commandId) {
            case CMD_ASYMMETRIC_ENCRYPT -> nonNull(op).asymmetricEncrypt(attrs, in(params, 2), out(out));
            case CMD_ASYMMETRIC_DECRYPT -> nonNull(op).asymmetricDecrypt(attrs, in(params, 2), out(out));
            default -> nonNull(op).asymmetricSignDigest(attrs, in(params, 2), out(out));
        });
    }

    private void aeEncryptFinal(Parameters params) throws TeeException {
        Operation op = op(params);
        params.expect(VALUE_INPUT, MEMREF_INPUT, MEMREF_OUTPUT, MEMREF_OUTPUT);
        MemoryReference out = params.memref(2);
        MemoryReference tagOut = params.memref(3);
        ByteBuffer tag = out(tagOut);
        try {
            out.setSize(nonNull(op).aeEncryptFinal(in(params, 1), out(out), tag));
            tagOut.setSize(tag.position());
        } catch (ShortBufferException e) {
            out.setSize(e.required());
            if (e.requiredTag() >= 0) {
                tagOut.setSize(e.requiredTag());
            }
            throw e;
        }
    }

    // --- the commands of OP-TEE's own software SHA-2 and AES-256-ECB (no GP crypto) ---

    private static void digest(String algorithm, int length, Parameters params) throws TeeException {
        params.expect(MEMREF_INPUT, MEMREF_OUTPUT, NONE, NONE);
        MemoryReference out = params.memref(1);
        if (out.capacity() < length) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, "crypt: the digest needs " + length + " bytes");
        }
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            md.update(in(params, 0));
            // as the C TA: the digest is written, the output size left as it was
            MemorySegment.copy(md.digest(), 0, out.buffer(), ValueLayout.JAVA_BYTE, 0, length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is missing from the platform", e);
        }
    }

    private static void aes256Ecb(int mode, Parameters params) throws TeeException {
        params.expect(MEMREF_INPUT, MEMREF_OUTPUT, NONE, NONE);
        byte[] in = params.memref(0).toByteArray();
        MemoryReference out = params.memref(1);
        int blocks = Math.min(in.length, (int) out.capacity()) / 16;
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) i;
        }
        try {
            Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(mode, new SecretKeySpec(key, "AES"));
            byte[] result = aes.doFinal(in, 0, blocks * 16);
            MemorySegment.copy(result, 0, out.buffer(), ValueLayout.JAVA_BYTE, 0, result.length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-ECB failed", e);
        }
    }

    // --- parameters ---

    /** A memref input as a read-only buffer over its {@code size} bytes (a NULL buffer: empty). */
    private static ByteBuffer in(Parameters params, int index) throws TeeException {
        MemoryReference m = params.memref(index);
        if (m.isNull()) {
            return ByteBuffer.allocate(0);
        }
        return m.buffer().asSlice(0, Math.min(m.size(), m.capacity())).asByteBuffer().asReadOnlyBuffer();
    }

    /** A memref output as a buffer over the client's whole buffer. */
    private static ByteBuffer out(MemoryReference m) {
        return m.isNull() ? ByteBuffer.allocate(0) : m.buffer().asByteBuffer();
    }

    private static List<Attribute> attributes(Parameters params, int index) throws TeeException {
        MemoryReference m = params.memref(index);
        return PackedAttributes.unpack(m.isNull() ? new byte[0] : m.toByteArray());
    }

    private static byte[] optionalIv(Parameters params) throws TeeException {
        int types = params.types();
        if (types == ParamTypes.of(VALUE_INPUT, NONE, NONE, NONE)) {
            return null;
        }
        if (types == ParamTypes.of(VALUE_INPUT, MEMREF_INPUT, NONE, NONE)) {
            return params.memref(1).toByteArray();
        }
        throw new TeeException(TeeResult.BAD_PARAMETERS, "crypt: init takes a handle and an optional IV");
    }

    /** Runs a GP output function: the memref's size becomes the bytes written, or those needed. */
    private static void written(MemoryReference out, Output function) throws TeeException {
        try {
            out.setSize(function.run());
        } catch (ShortBufferException e) {
            out.setSize(e.required());
            throw e;
        }
    }

    @FunctionalInterface
    private interface Output {
        int run() throws TeeException;
    }

    private Operation op(Parameters params) {
        return operations.lookup(a(params, 0));
    }

    /** Handles are read before the parameter types are checked, as in the C TA: a bad one panics first. */
    private static int a(Parameters params, int index) {
        return ParamTypes.isValue(params.type(index)) ? valueOf(params, index).a() : 0;
    }

    private static int b(Parameters params, int index) {
        return ParamTypes.isValue(params.type(index)) ? valueOf(params, index).b() : 0;
    }

    private static Value valueOf(Parameters params, int index) {
        try {
            return params.value(index);
        } catch (TeeException e) {
            throw new IllegalStateException(e);
        }
    }

    /** GP functions given {@code TEE_HANDLE_NULL} panic; Java's methods need an object to call. */
    private static <T> T nonNull(T handle) {
        if (handle == null) {
            throw new TaPanic(TeeResult.BAD_PARAMETERS, "crypt: TEE_HANDLE_NULL passed to a GP function");
        }
        return handle;
    }
}
