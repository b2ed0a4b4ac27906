package org.jtee.tas.pkcs11;

import org.jtee.ta.CallContext;
import org.jtee.ta.Parameters;

/**
 * One command of one client: its context (the TA's state, the client, the call, the four
 * parameters) and the dispatch to the command's handler (optee-pkcs11-ta-abi.md §3.1).
 * Handlers read their fields from the control buffer ({@link Args}) in the ABI's order and
 * throw {@link CkException} for any status but {@code CKR_OK}.
 */
final class Commands {
    final State state;
    final Client client;
    final CallContext call;
    final Parameters params;

    Commands(State state, Client client, CallContext call, Parameters params) {
        this.state = state;
        this.client = client;
        this.call = call;
        this.params = params;
    }

    /** Whether {@code id} is a command of the ABI (jtee's encapsulate/decapsulate included). */
    static boolean known(int id) {
        return id >= Ck.CMD_PING && id <= Ck.CMD_DECAPSULATE_KEY;
    }

    /** The session named by the next u32 of {@code a}. */
    Session session(Args a) throws CkException {
        return State.session(client, a.u32());
    }

    void run(int id, byte[] ctrl) throws CkException {
        Args a = new Args(ctrl);
        switch (id) {
            case Ck.CMD_PING -> TokenCommands.ping(this, ctrl);
            case Ck.CMD_SLOT_LIST -> TokenCommands.slotList(this, ctrl);
            case Ck.CMD_SLOT_INFO -> TokenCommands.slotInfo(this, a);
            case Ck.CMD_TOKEN_INFO -> TokenCommands.tokenInfo(this, a);
            case Ck.CMD_MECHANISM_IDS -> TokenCommands.mechanismIds(this, a);
            case Ck.CMD_MECHANISM_INFO -> TokenCommands.mechanismInfo(this, a);
            case Ck.CMD_OPEN_SESSION -> SessionCommands.open(this, a);
            case Ck.CMD_CLOSE_SESSION -> SessionCommands.close(this, a);
            case Ck.CMD_CLOSE_ALL_SESSIONS -> SessionCommands.closeAll(this, a);
            case Ck.CMD_SESSION_INFO -> SessionCommands.info(this, a);
            case Ck.CMD_INIT_TOKEN -> LoginCommands.initToken(this, a);
            case Ck.CMD_INIT_PIN -> LoginCommands.initPin(this, a);
            case Ck.CMD_SET_PIN -> LoginCommands.setPin(this, a);
            case Ck.CMD_LOGIN -> LoginCommands.login(this, a);
            case Ck.CMD_LOGOUT -> LoginCommands.logout(this, a);
            case Ck.CMD_CREATE_OBJECT -> ObjectCommands.create(this, a);
            case Ck.CMD_DESTROY_OBJECT -> ObjectCommands.destroy(this, a);
            case Ck.CMD_FIND_OBJECTS_INIT -> FindCommands.init(this, a);
            case Ck.CMD_FIND_OBJECTS -> FindCommands.next(this, a);
            case Ck.CMD_FIND_OBJECTS_FINAL -> FindCommands.end(this, a);
            case Ck.CMD_GET_OBJECT_SIZE -> ObjectCommands.size(this, a);
            case Ck.CMD_GET_ATTRIBUTE_VALUE -> AttributeCommands.get(this, a);
            case Ck.CMD_SET_ATTRIBUTE_VALUE -> AttributeCommands.set(this, a);
            case Ck.CMD_COPY_OBJECT -> AttributeCommands.copy(this, a);
            case Ck.CMD_SEED_RANDOM -> SessionCommands.seedRandom(this, a);
            case Ck.CMD_GENERATE_RANDOM -> SessionCommands.generateRandom(this, a);
            case Ck.CMD_ENCRYPT_INIT -> OperationCommands.init(this, a, Ck.FUNCTION_ENCRYPT);
            case Ck.CMD_DECRYPT_INIT -> OperationCommands.init(this, a, Ck.FUNCTION_DECRYPT);
            case Ck.CMD_SIGN_INIT -> OperationCommands.init(this, a, Ck.FUNCTION_SIGN);
            case Ck.CMD_VERIFY_INIT -> OperationCommands.init(this, a, Ck.FUNCTION_VERIFY);
            case Ck.CMD_DIGEST_INIT -> OperationCommands.init(this, a, Ck.FUNCTION_DIGEST);
            case Ck.CMD_RELEASE_ACTIVE_PROCESSING -> OperationCommands.release(this, a);
            case Ck.CMD_GENERATE_KEY -> KeyCommands.generate(this, a);
            case Ck.CMD_GENERATE_KEY_PAIR -> KeyCommands.generatePair(this, a);
            case Ck.CMD_DERIVE_KEY -> KeyCommands.derive(this, a);
            case Ck.CMD_WRAP_KEY -> KeyCommands.wrap(this, a);
            case Ck.CMD_UNWRAP_KEY -> KeyCommands.unwrap(this, a);
            case Ck.CMD_ENCAPSULATE_KEY -> KeyCommands.encapsulate(this, a);
            case Ck.CMD_DECAPSULATE_KEY -> KeyCommands.decapsulate(this, a);
            default -> OperationCommands.step(this, a, id);
        }
    }
}
