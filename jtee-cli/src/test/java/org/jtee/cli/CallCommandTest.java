package org.jtee.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.jtee.core.CoreConfig;
import org.jtee.core.TaLoading;
import org.jtee.examples.helloworld.HelloWorldContract;
import org.jtee.examples.securestorage.SecureStorageContract;
import org.jtee.examples.sha.ShaContract;
import org.jtee.tapkg.DevKeys;
import org.jtee.tapkg.TaJar;
import org.jtee.tapkg.TaSigner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jtee call} against a real core (processes) serving the bundled example TAs and
 * {@link CallTestTa}: values, memory references in, out and inout, the short-buffer answer,
 * open-session parameters and failures, and command lines it refuses before connecting.
 */
class CallCommandTest {
    private static final String HELLO = HelloWorldContract.UUID_STRING;
    private static final String SHA = ShaContract.UUID_STRING;
    private static final String STORAGE = SecureStorageContract.UUID_STRING;
    private static final String TEST_TA = CallTestTa.UUID_STRING;
    /** {@code TEE_ALG_SHA256}. */
    private static final String SHA256 = "value-in=0x50000004";
    private static final String SUCCESS = "result: TEE_SUCCESS (0x00000000) origin: TRUSTED_APP\n";

    @TempDir
    static Path tmp;
    static CoreConfig config;
    static TeeProcesses tee;

    @BeforeAll
    static void start() throws Exception {
        KeyPair key = TestImages.ephemeralKey();
        Path trust = TestImages.trustFile(tmp, key);
        Path testTas = Files.createDirectories(tmp.resolve("tas"));
        byte[] image = TaSigner.withKey(key.getPrivate()).sign(java.util.UUID.fromString(TEST_TA), 1, TaJar.of(CallTestTa.class));
        Files.write(testTas.resolve(TEST_TA + ".ta"), image);
        config = CoreConfig.under(tmp.resolve("home"))
                .withTaLoading(new TaLoading(List.of(trust), DevKeys.defaultDirectory(), null, 0, 2_000, false));
        tee = TeeProcesses.start(config, List.of(testTas, BundledTas.directory()), LogSink.discard());
    }

    @AfterAll
    static void stop() {
        tee.close();
    }

    private static Cli.Result call(String... args) {
        String[] full = new String[args.length + 3];
        full[0] = "call";
        System.arraycopy(args, 0, full, 1, args.length);
        full[args.length + 1] = "--socket";
        full[args.length + 2] = config.clientSocket().toString();
        return Cli.run(full);
    }

    @Test
    void helloWorldIncValue_printsSuccessAndTheIncrementedValue() {
        Cli.Result r = call(HELLO, "0", "value-inout=42,0");
        assertEquals(0, r.status(), r.toString());
        assertEquals(SUCCESS + "param 1: a=43 (0x0000002b) b=0 (0x00000000)\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void hexCommandAndValue_areU32s_andAWraps() {
        Cli.Result r = call(HELLO, "0x1", "value-inout=0,0xffffffff");
        assertEquals(0, r.status(), r.toString());
        assertEquals(SUCCESS + "param 1: a=4294967295 (0xffffffff) b=4294967295 (0xffffffff)\n", r.out());
    }

    @Test
    void shaDigest_printsTheOutputBytesAsHex_andNothingForInputs() {
        Cli.Result r = call(SHA, "5", "in=utf8:abc", "out=32", SHA256);
        assertEquals(0, r.status(), r.toString());
        assertEquals(SUCCESS + "param 2: 32 bytes: ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n", r.out());
    }

    @Test
    void shaDigestIntoAShortBuffer_printsTheSizeTheTaAsksFor_exitsOne() {
        Cli.Result r = call(SHA, "5", "in=hex:616263", "out=8", SHA256);
        assertEquals(1, r.status(), r.toString());
        assertEquals("result: TEE_ERROR_SHORT_BUFFER (0xffff0010) origin: TRUSTED_APP\n"
                + "param 2: short buffer: the TA asks for 32 bytes, the buffer has 8\n", r.out());
        assertTrue(r.err().startsWith("jtee call: TEE_ERROR_SHORT_BUFFER (origin TRUSTED_APP): InvokeCommand 0x5"), r.toString());
    }

    @Test
    void secureStorageRoundTrip_rendersPrintableOutputAsUtf8_andWritesOutFiles() throws Exception {
        String id = "in=utf8:call-test-" + System.nanoTime();
        Path data = Files.writeString(tmp.resolve("data.txt"), "hello, TEE");
        assertEquals(SUCCESS, call(STORAGE, "1", id, "in=file:" + data).out());

        Cli.Result read = call(STORAGE, "0", id, "out=64");
        assertEquals(0, read.status(), read.toString());
        assertEquals(SUCCESS + "param 2: 10 bytes: 68656c6c6f2c20544545 (utf8: \"hello, TEE\")\n", read.out());

        Path file = tmp.resolve("read.bin");
        Cli.Result toFile = call(STORAGE, "0", id, "out=64", "--out-file", "2=" + file);
        assertEquals(SUCCESS + "param 2: 10 bytes written to " + file + "\n", toFile.out(), toFile.toString());
        assertArrayEquals("hello, TEE".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(file));
    }

    @Test
    void inoutWithABiggerSize_getsWhatTheTaWrote_andOpenParametersReachTheTa() {
        Cli.Result r = call(TEST_TA, "0", "inout=utf8:ab,size=8", "value-out", "--open", "value-in=7");
        assertEquals(0, r.status(), r.toString());
        assertEquals(SUCCESS + "param 1: 4 bytes: 61626162 (utf8: \"abab\")\n" + "param 2: a=7 (0x00000007) b=2 (0x00000002)\n",
                r.out());
    }

    @Test
    void inoutTooSmallForWhatTheTaWrites_printsTheSizeItAsksFor() {
        Cli.Result exact = call(TEST_TA, "0", "inout=hex:0102", "value-out");
        assertEquals(1, exact.status(), exact.toString());
        assertEquals("result: TEE_ERROR_SHORT_BUFFER (0xffff0010) origin: TRUSTED_APP\n"
                + "param 1: short buffer: the TA asks for 4 bytes, the buffer has 2\n", exact.out());
        Cli.Result sized = call(TEST_TA, "0", "inout=utf8:abcd,size=6", "value-out");
        assertEquals("result: TEE_ERROR_SHORT_BUFFER (0xffff0010) origin: TRUSTED_APP\n"
                + "param 1: short buffer: the TA asks for 8 bytes, the buffer has 6\n", sized.out(), sized.toString());
    }

    @Test
    void unknownUuid_printsTheCoresResult_exitsOne() {
        Cli.Result r = call("11111111-2222-3333-4444-555555555555", "0");
        assertEquals(1, r.status(), r.toString());
        assertEquals("result: TEE_ERROR_ITEM_NOT_FOUND (0xffff0008) origin: TEE\n", r.out());
        assertTrue(r.err().contains("OpenSession of TA 11111111-2222-3333-4444-555555555555"), r.toString());
    }

    @Test
    void openSessionRefusedByTheTa_printsItsResultAndOrigin() {
        Cli.Result r = call(HELLO, "0", "value-inout=1,0", "--open", "value-in=1,2");
        assertEquals(1, r.status(), r.toString());
        assertEquals("result: TEE_ERROR_BAD_PARAMETERS (0xffff0006) origin: TRUSTED_APP\n", r.out());
    }

    @Test
    void commandTheTaRefuses_exitsOne_withTheTasResult() {
        Cli.Result r = call(TEST_TA, "9");
        assertEquals(1, r.status(), r.toString());
        assertEquals("result: TEE_ERROR_NOT_SUPPORTED (0xffff000a) origin: TRUSTED_APP\n", r.out());
        assertTrue(r.err().contains("InvokeCommand 0x9 on session"), r.toString());
    }

    @Test
    void noCore_printsTheCommunicationError_exitsOne() {
        Cli.Result r = Cli.run("call", HELLO, "0", "--socket", tmp.resolve("no-core.sock").toString());
        assertEquals(1, r.status(), r.toString());
        assertEquals("result: TEE_ERROR_COMMUNICATION (0xffff000e) origin: COMMS\n", r.out());
        assertTrue(r.err().contains("no jtee core at"), r.toString());
    }

    @Test
    void badCommandLines_exitTwo_namingTheProblem_beforeConnecting() throws Exception {
        String noCore = tmp.resolve("no-core.sock").toString();
        Path dir = Files.createDirectories(tmp.resolve("a-directory"));
        String[][] cases = {
            {"PARAM 1 'in=hex:0g': '0g' is not hex", HELLO, "0", "in=hex:0g"},
            {"PARAM 2 'value-in=1,2,3': a value is two numbers A,B", HELLO, "0", "none", "value-in=1,2,3"},
            {"PARAM 1 'memref=3': unknown kind 'memref'", HELLO, "0", "memref=3"},
            {"PARAM 1 'in=file:" + dir + "': " + dir + " is a directory", HELLO, "0", "in=file:" + dir},
            {"PARAM 1 'in=file:" + tmp.resolve("missing") + "': no such file or directory", HELLO, "0",
                "in=file:" + tmp.resolve("missing")},
            {"PARAM 1 'inout=hex:010203,size=2': size=2 is smaller than the input's 3 bytes", HELLO, "0",
                "inout=hex:010203,size=2"},
            {"at most 4 PARAM parameters, got 5", HELLO, "0", "none", "none", "none", "none", "none"},
            {"--open 1 'out': needs =SIZE", HELLO, "0", "--open", "out"},
            {"UUID 'hello' is not a UUID", "hello", "0"},
            {"CMD 0x100000000 does not fit in 32 bits", HELLO, "0x100000000"},
            {"CMD 'inc' is not a number", HELLO, "inc"},
            {"--login 'group': group needs a group id, group:GID", HELLO, "0", "--login", "group"},
            {"--login 'root': one of public, user", HELLO, "0", "--login", "root"},
            {"--out-file '1=x': PARAM 1 is 'value-inout=1,0', not out= or inout=", HELLO, "0", "value-inout=1,0",
                "--out-file", "1=x"},
            {"--out-file '5=x': N=PATH with N from 1 to 4", HELLO, "0", "out=4", "--out-file", "5=x"},
        };
        for (String[] c : cases) {
            String[] args = new String[c.length + 2];
            args[0] = "call";
            System.arraycopy(c, 1, args, 1, c.length - 1);
            args[c.length] = "--socket";
            args[c.length + 1] = noCore;
            Cli.Result r = Cli.run(args);
            assertEquals(2, r.status(), String.join(" ", args) + "\n" + r);
            assertTrue(r.err().startsWith("jtee call: " + c[0]), "expected '" + c[0] + "'\n" + r);
            assertEquals("", r.out(), r.toString());
        }
    }
}
