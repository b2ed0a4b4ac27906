package org.jtee.protocol;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each link accepts exactly its types in each direction. The expected sets are written out here
 * from the prose of {@code docs/protocol.md} (what each side sends), not taken from the table
 * under test; every one of the 256 type codes is tried against them.
 */
class LinkTest {
    private static final Set<String> CLIENT_TO_CORE = Set.of(
            "HELLO", "OPEN_SESSION", "INVOKE", "CLOSE_SESSION", "CANCEL", "REGISTER_SHM", "UNREGISTER_SHM");
    private static final Set<String> CORE_TO_CLIENT = Set.of(
            "HELLO_REPLY", "OPEN_SESSION_REPLY", "INVOKE_REPLY", "CLOSE_SESSION_REPLY", "CANCEL_REPLY",
            "REGISTER_SHM_REPLY", "UNREGISTER_SHM_REPLY");
    private static final Set<String> SUPPLICANT_TO_CORE = Set.of("HELLO", "RPC_REPLY");
    private static final Set<String> CORE_TO_SUPPLICANT = Set.of("HELLO_REPLY", "RPC");
    /**
     * TA-to-TA calls, the REE time, areas for their memory and the report of a panic; the replies
     * to the core's entry-point calls (CANCEL has none).
     */
    private static final Set<String> HOST_TO_CORE = Set.of(
            "HELLO", "TA_OPEN_SESSION", "TA_INVOKE", "CLOSE_SESSION", "RPC",
            "LOAD_TA_REPLY", "HOST_OPEN_REPLY", "INVOKE_REPLY", "CLOSE_SESSION_REPLY", "DESTROY_REPLY", "SHARE_AREA",
            "TA_PANIC");
    /** Entry-point calls, CANCEL and MAP_MEMORY; the replies to the host's requests. */
    private static final Set<String> CORE_TO_HOST = Set.of(
            "HELLO_REPLY", "LOAD_TA", "HOST_OPEN", "INVOKE", "CLOSE_SESSION", "CANCEL", "DESTROY",
            "TA_OPEN_SESSION_REPLY", "TA_INVOKE_REPLY", "CLOSE_SESSION_REPLY", "RPC_REPLY", "MAP_MEMORY", "SHARE_AREA_REPLY",
            "TA_PANIC_REPLY");

    static Stream<Arguments> links() {
        return Stream.of(
                Arguments.of(Link.CLIENT, CLIENT_TO_CORE, CORE_TO_CLIENT),
                Arguments.of(Link.SUPPLICANT, SUPPLICANT_TO_CORE, CORE_TO_SUPPLICANT),
                Arguments.of(Link.TA_HOST, HOST_TO_CORE, CORE_TO_HOST));
    }

    @ParameterizedTest
    @MethodSource("links")
    void eachLink_allowsExactlyItsTypesInEachDirection(Link link, Set<String> toCore, Set<String> fromCore) {
        for (int code = 0; code < 256; code++) {
            String name = Wire.typeName(code);
            assertEquals(toCore.contains(name), link.allowsToCore(code), name + " to the core on the " + link + " link");
            assertEquals(fromCore.contains(name), link.allowsFromCore(code),
                    name + " from the core on the " + link + " link");
        }
    }

    @ParameterizedTest
    @MethodSource("links")
    void eachLink_checksEveryCorpusMessageAsItAllows(Link link, Set<String> toCore, Set<String> fromCore) {
        for (Frame f : Corpus.frames()) {
            Message m = f.message();
            String name = Wire.typeName(m.type());
            if (toCore.contains(name)) {
                assertDoesNotThrow(() -> link.checkToCore(m));
            } else {
                assertThrows(ProtocolException.class, () -> link.checkToCore(m), name + " to the core on " + link);
            }
            if (fromCore.contains(name)) {
                assertDoesNotThrow(() -> link.checkFromCore(m));
            } else {
                assertThrows(ProtocolException.class, () -> link.checkFromCore(m), name + " from the core on " + link);
            }
        }
    }

    @Test
    void checkToCore_namesTheSenderAndTheType() {
        Message load = new Message.LoadTa(Corpus.TA, 0, new byte[0], "");
        ProtocolException e = assertThrows(ProtocolException.class, () -> Link.CLIENT.checkToCore(load));
        assertEquals("a client may not send LOAD_TA", e.getMessage());
        e = assertThrows(ProtocolException.class, () -> Link.SUPPLICANT.checkToCore(new Message.Cancel(1)));
        assertEquals("a supplicant may not send CANCEL", e.getMessage());
    }

    @Test
    void checkFromCore_namesTheReceiverAndTheType() {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> Link.TA_HOST.checkFromCore(new Message.RegisterShmReply(0, 3, 1)));
        assertEquals("the core may not send REGISTER_SHM_REPLY to a TA host", e.getMessage());
    }

    @Test
    void ofRole_findsEachLinkByItsHelloRole() {
        for (Link l : List.of(Link.values())) {
            assertEquals(l, Link.ofRole(l.role()));
        }
        assertEquals(Link.CLIENT, Link.ofRole(Wire.ROLE_CLIENT));
        assertEquals(Link.SUPPLICANT, Link.ofRole(Wire.ROLE_SUPPLICANT));
        assertEquals(Link.TA_HOST, Link.ofRole(Wire.ROLE_TA_HOST));
        assertNull(Link.ofRole(0));
        assertNull(Link.ofRole(4));
    }
}
