package org.jtee.bench;

import static org.jtee.common.ParamTypes.MEMREF_INPUT;
import static org.jtee.common.ParamTypes.MEMREF_OUTPUT;
import static org.jtee.common.ParamTypes.NONE;
import static org.jtee.common.ParamTypes.VALUE_INPUT;
import static org.jtee.common.ParamTypes.VALUE_OUTPUT;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.CallContext;
import org.jtee.ta.MemoryReference;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.TrustedApplication;

/**
 * The TA of {@code jtee bench crypto}: runs {@link CryptoCases} in a TA host, on the client's
 * shared memory.
 *
 * <table>
 * <caption>commands</caption>
 * <tr><th>command</th><th>id</th><th>parameters</th><th>behaviour</th></tr>
 * <tr><td>PREPARE</td><td>1</td><td>p0 VALUE_INPUT a = case index in {@link #CASES}</td><td>makes the
 *     case's keys and operations (once per session and case)</td></tr>
 * <tr><td>RUN</td><td>2</td><td>p0 VALUE_INPUT a = case index, b = times; p1 MEMREF_INPUT data;
 *     p2 MEMREF_OUTPUT out (at least as large as data); p3 VALUE_OUTPUT</td><td>runs the case's
 *     operation b times on the data; p3.a = the bytes the last run produced, p3.b = the
 *     microseconds the b runs took inside the TA</td></tr>
 * </table>
 * Other command ids: TEE_ERROR_NOT_SUPPORTED.
 *
 * <p>It declares a 32 MiB heap ({@code gpd.ta.dataSize}), as a TA should that signs and ciphers
 * all day: the heap a host gets is what its TA declares (plus 8 MiB), and a young generation of
 * a sixteenth of a small heap is collected every few signatures (Bouncy Castle's curve arithmetic
 * and the JDK's big numbers allocate), which cost such a TA 10–30 % of its speed.
 */
@Ta(uuid = CryptoBenchTa.UUID_STRING, version = "1.0", dataSize = 32 << 20, description = "jtee crypto benchmark TA, in a TA host")
public final class CryptoBenchTa implements TrustedApplication<Map<String, CryptoCases>> {
    public static final String UUID_STRING = "5c4fba1e-81d3-4ae3-ba90-02e6555e0703";
    public static final java.util.UUID UUID = java.util.UUID.fromString(UUID_STRING);
    public static final int CMD_PREPARE = 1;
    public static final int CMD_RUN = 2;
    /** Every case, bulk then single; a case's index here is its id on the wire. */
    public static final List<String> CASES = Stream.concat(CryptoCases.BULK.stream(), CryptoCases.SINGLE.stream()).toList();

    @Override
    public Map<String, CryptoCases> openSession(CallContext call, Parameters params) {
        return new HashMap<>();
    }

    @Override
    public void closeSession(Map<String, CryptoCases> prepared) {
        prepared.values().forEach(CryptoCases::close);
    }

    @Override
    public void invokeCommand(Map<String, CryptoCases> prepared, CallContext call, int commandId, Parameters params)
            throws TeeException {
        switch (commandId) {
            case CMD_PREPARE -> {
                params.expect(VALUE_INPUT, NONE, NONE, NONE);
                prepare(prepared, params.value(0).a());
            }
            case CMD_RUN -> {
                params.expect(VALUE_INPUT, MEMREF_INPUT, MEMREF_OUTPUT, VALUE_OUTPUT);
                CryptoCases c = prepare(prepared, params.value(0).a());
                MemoryReference in = params.memref(1);
                MemoryReference out = params.memref(2);
                ByteBuffer inBuffer = in.buffer().asByteBuffer();
                ByteBuffer outBuffer = out.buffer().asByteBuffer();
                int produced = 0;
                long start = System.nanoTime();
                for (int i = params.value(0).b(); i > 0; i--) {
                    produced = c.run(inBuffer.clear(), outBuffer.clear());
                }
                params.value(3).setA(produced);
                params.value(3).setB((int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - start) / 1000));
            }
            default -> throw new TeeException(TeeResult.NOT_SUPPORTED, "no command " + commandId);
        }
    }

    private static CryptoCases prepare(Map<String, CryptoCases> prepared, int index) throws TeeException {
        if (index < 0 || index >= CASES.size()) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, "no case " + index + "; there are " + CASES.size());
        }
        String name = CASES.get(index);
        CryptoCases c = prepared.get(name);
        if (c == null) {
            c = new CryptoCases(name);
            prepared.put(name, c);
        }
        return c;
    }
}
