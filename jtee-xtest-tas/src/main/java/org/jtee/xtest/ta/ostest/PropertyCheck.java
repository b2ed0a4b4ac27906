package org.jtee.xtest.ta.ostest;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.CallContext;
import org.jtee.ta.Tee;
import org.jtee.ta.TeeProperties;

/**
 * The property part of BASIC: enumerates the current TA's, the current client's and the
 * implementation's property sets, reads every property as a string, and each property os_test
 * knows with the getter of its type, exactly once; every one of them must be found.
 */
final class PropertyCheck {
    private enum Type { BOOL, U32, UUID, IDENTITY, STRING, BINARY_BLOCK }

    private static final Map<String, Type> EXPECTED = expected();

    private PropertyCheck() {}

    private static Map<String, Type> expected() {
        Map<String, Type> p = new LinkedHashMap<>();
        p.put("gpd.ta.appID", Type.UUID);
        p.put("gpd.ta.singleInstance", Type.BOOL);
        p.put("gpd.ta.multiSession", Type.BOOL);
        p.put("gpd.ta.instanceKeepAlive", Type.BOOL);
        p.put("gpd.ta.dataSize", Type.U32);
        p.put("gpd.ta.stackSize", Type.U32);
        p.put("gpd.ta.version", Type.STRING);
        p.put("gpd.ta.description", Type.STRING);
        p.put("gpd.client.identity", Type.IDENTITY);
        p.put("gpd.tee.apiversion", Type.STRING);
        p.put("gpd.tee.description", Type.STRING);
        p.put("gpd.tee.deviceID", Type.UUID);
        p.put("gpd.tee.systemTime.protectionLevel", Type.U32);
        p.put("gpd.tee.TAPersistentTime.protectionLevel", Type.U32);
        p.put("gpd.tee.arith.maxBigIntSize", Type.U32);
        p.put("gpd.tee.cryptography.ecc", Type.BOOL);
        p.put("gpd.tee.trustedStorage.antiRollback.protectionLevel", Type.U32);
        p.put("gpd.tee.trustedos.implementation.version", Type.STRING);
        p.put("gpd.tee.trustedos.implementation.binaryversion", Type.U32);
        p.put("gpd.tee.trustedos.manufacturer", Type.STRING);
        p.put("gpd.tee.firmware.implementation.version", Type.STRING);
        p.put("gpd.tee.firmware.implementation.binaryversion", Type.U32);
        p.put("gpd.tee.firmware.manufacturer", Type.STRING);
        p.put("myprop.true", Type.BOOL);
        p.put("myprop.42", Type.U32);
        p.put("myprop.123", Type.UUID);
        p.put("myprop.1234", Type.IDENTITY);
        p.put("myprop.hello", Type.STRING);
        for (String b : List.of("", ".1byte-ones", ".2byte-ones", ".3byte-ones", ".4byte-ones", ".empty1", ".empty2",
                ".empty3")) {
            p.put("myprop.binaryblock" + b, Type.BINARY_BLOCK);
        }
        return p;
    }

    static void run(CallContext call) throws TeeException {
        Set<String> retrieved = new HashSet<>();
        for (TeeProperties set : List.of(call.taProperties(), call.clientProperties(), call.teeProperties())) {
            for (String name : set.names()) {
                String text = set.getString(name);
                if (name.equals("myprop.hello") && !text.equals(Basic.HELLO)) {
                    throw new TeeException(TeeResult.GENERIC, "myprop.hello is truncated: \"" + text + "\"");
                }
                Type type = EXPECTED.get(name);
                if (type == null) {
                    continue;
                }
                if (!retrieved.add(name)) {
                    throw new TeeException(TeeResult.GENERIC, name + " enumerated twice");
                }
                read(set, name, type);
            }
        }
        for (String name : EXPECTED.keySet()) {
            if (!retrieved.contains(name)) {
                throw new TeeException(TeeResult.GENERIC, name + " not retrieved");
            }
        }
    }

    private static void read(TeeProperties set, String name, Type type) throws TeeException {
        switch (type) {
            case BOOL -> set.getBool(name);
            case U32 -> set.getU32(name);
            case UUID -> set.getUuid(name);
            case IDENTITY -> set.getIdentity(name);
            case STRING -> {
                // read as a string already
            }
            case BINARY_BLOCK -> checkBinaryBlock(name, set.getBinaryBlock(name));
        }
    }

    /** The values os_test declares: "Hello world!", 1 to 4 bytes of 0xFF, and three empty blocks. */
    private static void checkBinaryBlock(String name, byte[] block) throws TeeException {
        String kind = name.substring("myprop.binaryblock".length());
        byte[] expected;
        if (kind.isEmpty()) {
            expected = "Hello world!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        } else if (kind.matches("\\.[1-4]byte-ones")) {
            expected = new byte[kind.charAt(1) - '0'];
            java.util.Arrays.fill(expected, (byte) 0xFF);
        } else if (kind.matches("\\.empty[1-3]")) {
            expected = new byte[0];
        } else {
            throw Tee.panic(0); // a binary block os_test does not declare
        }
        if (!java.util.Arrays.equals(expected, block)) {
            throw new TeeException(TeeResult.GENERIC, "binary block " + name + " holds " + block.length + " unexpected bytes");
        }
    }
}
