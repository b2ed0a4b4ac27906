package org.jtee.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jtee.client.Operation;
import org.jtee.client.TeeContext;
import org.jtee.client.TeeSession;
import org.jtee.client.TempMemory;
import org.jtee.common.LoginMethod;
import org.jtee.core.CoreConfig;
import org.jtee.core.TaLoading;
import org.jtee.tas.pkcs11.Ck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jtee pkcs11 init-token}, {@code list} and {@code java-config} against a real core
 * (processes, with the PKCS#11 TA built in), and their failures: no TEE, no such slot, a wrong
 * PIN, a malformed PIN file — each a one-line message with the PKCS#11 code's name.
 */
class Pkcs11CommandTest {
    @TempDir
    static Path tmp;
    static CoreConfig config;
    static TeeProcesses tee;

    @BeforeAll
    static void start() throws Exception {
        config = CoreConfig.under(tmp.resolve("home")).withTaLoading(new TaLoading(List.of(), null, null, 0, 2_000, false));
        tee = TeeProcesses.start(config, LogSink.discard());
    }

    @AfterAll
    static void stop() {
        tee.close();
    }

    private static String socket() {
        return config.clientSocket().toString();
    }

    private static Path pinFile(String name, String content) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    @Test
    void initToken_thenListShowsTheTokenAndItsObjects() throws Exception {
        Path pins = pinFile("pins-1", "so-pin-0001\nuser-pin-0001\n");
        Cli.Result init = Cli.run("pkcs11", "init-token", "--slot", "1", "--label", "cli token", "--pin-file",
                pins.toString(), "--socket", socket());
        assertEquals(0, init.status(), init.toString());
        assertTrue(init.out().contains("token in slot 1 initialised: label 'cli token'"), init.toString());

        Cli.Result list = Cli.run("pkcs11", "list", "--socket", socket());
        assertEquals(0, list.status(), list.toString());
        assertTrue(list.out().contains("slot 0: ") && list.out().contains("slot 1: ") && list.out().contains("slot 2: "),
                list.toString());
        String slot1 = list.out().substring(list.out().indexOf("slot 1: "), list.out().indexOf("slot 2: "));
        assertTrue(slot1.contains("token: 'cli token'"), list.toString());
        assertTrue(slot1.contains("TOKEN_INITIALIZED") && slot1.contains("USER_PIN_INITIALIZED")
                && slot1.contains("LOGIN_REQUIRED"), list.toString());
        assertFalse(slot1.contains("objects:"), "no objects are listed without a PIN: " + list);

        createDataObject(1, "hello object");
        // init-token's file: the user PIN is its second line
        Cli.Result objects = Cli.run("pkcs11", "list", "--slot", "1", "--pin-file", pins.toString(), "--socket", socket());
        assertEquals(0, objects.status(), objects.toString());
        assertTrue(objects.out().contains("objects: 1"), objects.toString());
        assertTrue(objects.out().lines().anyMatch(l -> l.contains("data") && l.contains("'hello object'")),
                objects.toString());
        assertFalse(objects.out().contains("slot 0: "), "--slot lists one slot: " + objects);
    }

    @Test
    void aWrongPinIsCkrPinIncorrect_andTheRightOneStillWorks() throws Exception {
        Path pins = pinFile("pins-2", "so-pin-0002\nuser-pin-0002\n");
        Cli.Result init = Cli.run("pkcs11", "init-token", "--slot", "2", "--label", "pin test", "--pin-file",
                pins.toString(), "--socket", socket());
        assertEquals(0, init.status(), init.toString());
        Cli.Result wrong = Cli.run("pkcs11", "list", "--slot", "2", "--pin-file", pinFile("wrong", "not-the-pin\n").toString(),
                "--socket", socket());
        assertEquals(1, wrong.status(), wrong.toString());
        assertTrue(wrong.err().contains("C_Login: CKR_PIN_INCORRECT"), wrong.toString());
        assertEquals(1, wrong.err().lines().count(), "one line, no stack trace: " + wrong);
        assertEquals("", wrong.out(), "nothing is listed when the login fails");

        Cli.Result right = Cli.run("pkcs11", "list", "--slot", "2", "--pin-file", pins.toString(), "--socket", socket());
        assertEquals(0, right.status(), right.toString());
        assertTrue(right.out().contains("objects: 0"), right.toString());

        // re-initialising needs the SO PIN the token has
        Cli.Result reinit = Cli.run("pkcs11", "init-token", "--slot", "2", "--label", "again", "--pin-file",
                pinFile("pins-2-wrong-so", "wrong-so-pin\nuser-pin-0002\n").toString(), "--socket", socket());
        assertEquals(1, reinit.status(), reinit.toString());
        assertTrue(reinit.err().contains("C_InitToken: CKR_PIN_INCORRECT"), reinit.toString());
    }

    @Test
    void anUnknownSlotIsTokenNotFound() throws Exception {
        Cli.Result list = Cli.run("pkcs11", "list", "--slot", "9", "--socket", socket());
        assertEquals(1, list.status(), list.toString());
        assertTrue(list.err().contains("token not found: no slot 9 (slots: 0, 1, 2)"), list.toString());

        Cli.Result init = Cli.run("pkcs11", "init-token", "--slot", "9", "--label", "x", "--pin-file",
                pinFile("pins-9", "so-pin-0009\nuser-pin-0009\n").toString(), "--socket", socket());
        assertEquals(1, init.status(), init.toString());
        assertTrue(init.err().contains("C_InitToken: CKR_SLOT_ID_INVALID"), init.toString());
    }

    @Test
    void noRunningTeeIsSaidSo() {
        Cli.Result r = Cli.run("pkcs11", "list", "--socket", tmp.resolve("nobody.sock").toString());
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().contains("no TEE is running: no core answers on " + tmp.resolve("nobody.sock")), r.toString());
    }

    @Test
    void aPinFileWithoutTwoLinesIsAUsageError_andATooLongLabelToo() throws Exception {
        Cli.Result one = Cli.run("pkcs11", "init-token", "--slot", "0", "--label", "x", "--pin-file",
                pinFile("one-line", "only-one-pin\n").toString(), "--socket", socket());
        assertEquals(2, one.status(), one.toString());
        assertTrue(one.err().contains("must hold two lines, the SO PIN and the user PIN; it has 1"), one.toString());

        Cli.Result label = Cli.run("pkcs11", "init-token", "--slot", "0", "--label", "x".repeat(33), "--pin-file",
                pinFile("pins-0", "so-pin-0000\nuser-pin-0000\n").toString(), "--socket", socket());
        assertEquals(2, label.status(), label.toString());
        assertTrue(label.err().contains("at most 32 bytes"), label.toString());
    }

    @Test
    void pinLinesTakeCrLfAndKeepEmptyLines() throws Exception {
        List<byte[]> lines = Pkcs11Command.pinLines(pinFile("crlf", "first\r\n\r\nthird"));
        assertEquals(3, lines.size());
        assertEquals("first", new String(lines.get(0), StandardCharsets.UTF_8));
        assertEquals(0, lines.get(1).length);
        assertEquals("third", new String(lines.get(2), StandardCharsets.UTF_8));
    }

    @Test
    void javaConfigNamesTheBuiltModuleAndTheSlot() {
        Cli.Result r = Cli.run("pkcs11", "java-config", "--slot", "2");
        assertEquals(0, r.status(), r.toString());
        String library = r.out().lines().filter(l -> l.startsWith("library = ")).findFirst().orElseThrow()
                .substring("library = ".length());
        assertTrue(Path.of(library).isAbsolute() && library.endsWith("/pkcs11/libjtee-pkcs11.so"), r.toString());
        assertTrue(Files.isRegularFile(Path.of(library)), r.toString());
        assertTrue(r.out().contains("\nname = jtee\n") && r.out().contains("\nslot = 2\n"), r.toString());
    }

    @Test
    void javaConfigQuotesALibraryPathWithBlanks() {
        String text = Pkcs11JavaConfigCommand.config(Path.of("/opt/my jtee/libjtee-pkcs11.so"), "x", 0);
        assertTrue(text.contains("library = \"/opt/my jtee/libjtee-pkcs11.so\"\n"), text);
    }

    /** C_OpenSession (R/W) and C_CreateObject of a public token data object, straight in the TA's ABI. */
    private static void createDataObject(int slot, String label) throws Exception {
        try (TeeContext ctx = TeeContext.open(config.clientSocket());
                TeeSession s = ctx.openSession(Pkcs11Client.TA, LoginMethod.PUBLIC, null)) {
            byte[] handle = new byte[4];
            call(s, Ck.CMD_OPEN_SESSION, u32(slot, Ck.CKF_SERIAL_SESSION | Ck.CKF_RW_SESSION), handle);
            int session = ByteBuffer.wrap(handle).order(ByteOrder.LITTLE_ENDIAN).getInt();
            ByteArrayOutputStream attrs = new ByteArrayOutputStream();
            attrs.writeBytes(u32(Ck.CKA_CLASS, 4, Ck.CKO_DATA));
            attrs.writeBytes(u32(Ck.CKA_TOKEN, 1));
            attrs.write(1);
            attrs.writeBytes(u32(Ck.CKA_PRIVATE, 1));
            attrs.write(0);
            byte[] l = label.getBytes(StandardCharsets.UTF_8);
            attrs.writeBytes(u32(Ck.CKA_LABEL, l.length));
            attrs.writeBytes(l);
            ByteArrayOutputStream in = new ByteArrayOutputStream();
            in.writeBytes(u32(session, attrs.size(), 4));
            in.writeBytes(attrs.toByteArray());
            call(s, Ck.CMD_CREATE_OBJECT, in.toByteArray(), new byte[4]);
            call(s, Ck.CMD_CLOSE_SESSION, u32(session), null);
        }
    }

    private static void call(TeeSession s, int command, byte[] in, byte[] out) throws Exception {
        byte[] control = in.clone();
        TempMemory p0 = TempMemory.inout(control);
        s.invokeCommand(command, new Operation(p0, null, out == null ? null : TempMemory.output(out), null));
        assertEquals(Ck.CKR_OK, ByteBuffer.wrap(control).order(ByteOrder.LITTLE_ENDIAN).getInt(0),
                "command " + command + ": " + Pkcs11Client.rvName(ByteBuffer.wrap(control).order(ByteOrder.LITTLE_ENDIAN).getInt(0)));
    }

    private static byte[] u32(int... words) {
        ByteBuffer b = ByteBuffer.allocate(4 * words.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int w : words) {
            b.putInt(w);
        }
        return b.array();
    }
}
