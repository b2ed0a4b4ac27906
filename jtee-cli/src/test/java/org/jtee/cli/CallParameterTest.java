package org.jtee.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jtee.client.ParamType;
import org.jtee.client.TempMemory;
import org.jtee.client.ValueParameter;
import org.jtee.common.LoginMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CallParameter}'s notation, and {@link CallCommand}'s logins and printing, without a core. */
class CallParameterTest {
    @TempDir
    Path tmp;

    private static String refusal(String text) {
        return assertThrows(IllegalArgumentException.class, () -> CallParameter.parse(text)).getMessage();
    }

    @Test
    void none_isAnEmptySlot() throws Exception {
        CallParameter p = CallParameter.parse("none");
        assertNull(p.newParameter());
        assertFalse(p.returnsSomething());
    }

    @Test
    void values_takeDecimalOrHex_andBDefaultsToZero() throws Exception {
        ValueParameter in = (ValueParameter) CallParameter.parse("value-in=0x10,4294967295").newParameter();
        assertEquals(ParamType.VALUE_INPUT, in.type());
        assertEquals(16, in.a());
        assertEquals(-1, in.b());
        ValueParameter inout = (ValueParameter) CallParameter.parse("value-inout=7").newParameter();
        assertEquals(ParamType.VALUE_INOUT, inout.type());
        assertEquals(7, inout.a());
        assertEquals(0, inout.b());
        assertEquals(ParamType.VALUE_OUTPUT, CallParameter.parse("value-out").newParameter().type());
    }

    @Test
    void memoryReferences_fromHexUtf8AndFiles() throws Exception {
        TempMemory hex = (TempMemory) CallParameter.parse("in=hex:00FFab").newParameter();
        assertEquals(ParamType.MEMREF_TEMP_INPUT, hex.type());
        assertArrayEquals(new byte[] {0, -1, (byte) 0xab}, hex.buffer());
        TempMemory text = (TempMemory) CallParameter.parse("in=utf8:a=b, c").newParameter();
        assertArrayEquals("a=b, c".getBytes(StandardCharsets.UTF_8), text.buffer());
        Path file = Files.write(tmp.resolve("in.bin"), new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, ((TempMemory) CallParameter.parse("in=file:" + file).newParameter()).buffer());
        assertArrayEquals(new byte[0], ((TempMemory) CallParameter.parse("in=hex:").newParameter()).buffer());
    }

    @Test
    void inout_hasTheInputsSize_orTheOneGiven_paddedWithZeros() throws Exception {
        TempMemory exact = (TempMemory) CallParameter.parse("inout=utf8:ab").newParameter();
        assertEquals(ParamType.MEMREF_TEMP_INOUT, exact.type());
        assertArrayEquals(new byte[] {'a', 'b'}, exact.buffer());
        TempMemory bigger = (TempMemory) CallParameter.parse("inout=utf8:x,y,size=0x4").newParameter();
        assertArrayEquals(new byte[] {'x', ',', 'y', 0}, bigger.buffer());
        assertTrue(CallParameter.parse("inout=hex:01").returnsBytes());
    }

    @Test
    void out_isABufferOfTheSize() throws Exception {
        TempMemory out = (TempMemory) CallParameter.parse("out=16").newParameter();
        assertEquals(ParamType.MEMREF_TEMP_OUTPUT, out.type());
        assertEquals(16, out.buffer().length);
        assertEquals(0, ((TempMemory) CallParameter.parse("out=0").newParameter()).buffer().length);
    }

    @Test
    void eachCallGetsFreshParameters() throws Exception {
        CallParameter p = CallParameter.parse("inout=hex:01");
        ((TempMemory) p.newParameter()).buffer()[0] = 9;
        assertArrayEquals(new byte[] {1}, ((TempMemory) p.newParameter()).buffer());
    }

    @Test
    void badNotation_isRefusedWithTheReason() {
        assertTrue(refusal("value").startsWith("unknown kind 'value'"));
        assertEquals("none takes no value", refusal("none=1"));
        assertEquals("needs =A,B", refusal("value-in"));
        assertEquals("A '-1' is not a number (decimal or 0x hex)", refusal("value-in=-1,0"));
        assertEquals("B '' is not a number (decimal or 0x hex)", refusal("value-in=1,"));
        assertEquals("A 4294967296 does not fit in 32 bits", refusal("value-in=4294967296"));
        assertEquals("'abc' is not hex (an even number of digits 0-9, a-f)", refusal("in=hex:abc"));
        assertEquals("the source 'text' is none of hex:00ff.., utf8:TEXT, file:PATH", refusal("in=text"));
        assertEquals("size= goes with inout= only (the size of in= is its input's)", refusal("in=hex:00,size=4"));
        assertEquals("size=1 is smaller than the input's 2 bytes", refusal("inout=hex:0000,size=1"));
        assertEquals("SIZE 16777217 is over the 16777216 bytes one call can carry", refusal("out=16777217"));
        assertEquals("needs =SIZE", refusal("out"));
    }

    @Test
    void logins_withAndWithoutGroupIds() throws Exception {
        assertEquals(new CallCommand.Login(LoginMethod.PUBLIC, 0), CallCommand.login("public"));
        assertEquals(new CallCommand.Login(LoginMethod.USER, 0), CallCommand.login("user"));
        assertEquals(new CallCommand.Login(LoginMethod.GROUP, 100), CallCommand.login("group:100"));
        assertEquals(new CallCommand.Login(LoginMethod.GROUP_APPLICATION, 0x10), CallCommand.login("group-application:0x10"));
        assertEquals(new CallCommand.Login(LoginMethod.USER_APPLICATION, 0), CallCommand.login("user-application"));
        assertEquals(CommandFailure.USAGE, assertThrows(CommandFailure.class, () -> CallCommand.login("user:1")).exitCode());
        assertEquals(CommandFailure.USAGE, assertThrows(CommandFailure.class, () -> CallCommand.login("group:x")).exitCode());
    }

    @Test
    void resultLine_namesGpCodes_andShowsOthersInHexOnce() {
        assertEquals("result: TEE_ERROR_GENERIC (0xffff0000) origin: TEE", CallCommand.resultLine(0xFFFF0000, 3));
        assertEquals("result: 0x00000042 origin: TRUSTED_APP", CallCommand.resultLine(0x42, 4));
    }

    @Test
    void printableUtf8_onlyForTextWithoutControlCharacters() {
        assertEquals("hé", CallCommand.printableUtf8("hé".getBytes(StandardCharsets.UTF_8)));
        assertEquals("C string", CallCommand.printableUtf8("C string\0\0".getBytes(StandardCharsets.UTF_8)));
        assertNull(CallCommand.printableUtf8(new byte[] {'a', '\n'}));
        assertNull(CallCommand.printableUtf8(new byte[] {(byte) 0xc3}));
        assertNull(CallCommand.printableUtf8(new byte[] {0, 0}));
    }
}
