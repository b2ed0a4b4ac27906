package org.jtee.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.jtee.common.LoginMethod;
import org.jtee.client.Operation;
import org.jtee.client.TeeContext;
import org.jtee.client.ValueParameter;
import org.jtee.client.TeeSession;
import org.jtee.core.pta.SystemPtaContract;
import org.jtee.protocol.Link;
import org.jtee.protocol.Message;
import org.jtee.protocol.Rpc;
import org.jtee.protocol.Wire;
import org.jtee.protocol.WireParam;
import org.jtee.protocol.WireParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client reaches trusted storage only through a TA: the storage requests a TA host sends
 * ({@link Rpc#STORAGE}) and the supplicant's file and RPMB services are RPCs, which no client may
 * send. A client that tries is cut off, and the core serves everyone else.
 */
class ClientStorageReachTest {
    @TempDir
    Path home;

    @Test
    void noLinkButTheHostsAndTheSupplicantsCarriesRpcs() {
        assertFalse(Link.CLIENT.allowsToCore(Wire.RPC), "a client may not send RPC requests");
        assertTrue(Link.TA_HOST.allowsToCore(Wire.RPC), "a TA host asks the core for storage by RPC");
        assertFalse(Link.SUPPLICANT.allowsToCore(Wire.RPC), "the supplicant only answers the core's RPCs");
    }

    @Test
    void aClientSendingStorageRpcsIsCutOffAndTheCoreServesOn() throws Exception {
        try (CoreFixture tee = new CoreFixture(home).withSupplicant()) {
            for (int command : new int[] {Rpc.STORAGE, Rpc.FS, Rpc.RPMB}) {
                try (RawConnection c = RawConnection.greeted(tee.config.clientSocket())) {
                    byte[] request = {1, 0, 0, 0, 0, 0, 0, 0};
                    c.send(7, new Message.RpcRequest(command, WireParams.of(
                            new WireParam.TempMem(WireParam.TMEM_IN, false, request.length, request), null, null, null)));
                    assertTrue(c.isClosedByPeer(), "the core cut off a client that sent " + Rpc.name(command));
                }
            }
            try (TeeContext ctx = tee.context();
                    TeeSession s = ctx.openSession(SystemPtaContract.UUID, LoginMethod.PUBLIC, null)) {
                ValueParameter v = ValueParameter.output();
                s.invokeCommand(SystemPtaContract.CMD_PING, Operation.of(v));
                assertEquals(1, v.a(), "another client is served");
            }
        }
    }
}
