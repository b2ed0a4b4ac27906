package org.jtee.tas.pkcs11;

import java.util.LinkedHashSet;
import java.util.Set;
import org.jtee.tas.pkcs11.mech.Processing;

/**
 * One PKCS#11 session of a client: its token, R/O or R/W, at most one active operation
 * (optee-pkcs11-ta-abi.md §8.1), at most one search (§8.3), and the session objects it created.
 * Its login state is its client's on its token (§6.5).
 */
final class Session {
    static final int STEP_INIT = 0;
    static final int STEP_UPDATE = 1;
    static final int STEP_ONESHOT = 2;
    static final int STEP_FINAL = 3;

    /** The active operation: the mechanism layer's processing, the step last run, and its key. */
    static final class Active {
        final Processing processing;
        final P11Object key;
        int step = STEP_INIT;

        Active(Processing processing, P11Object key) {
            this.processing = processing;
            this.key = key;
        }
    }

    /** A search: the handles found at init, and how many were returned. */
    static final class Find {
        final int[] handles;
        int next;

        Find(int[] handles) {
            this.handles = handles;
        }
    }

    final int handle;
    final Client client;
    final Token token;
    final boolean rw;
    Active active;
    Find find;
    final Set<P11Object> objects = new LinkedHashSet<>();

    Session(int handle, Client client, Token token, boolean rw) {
        this.handle = handle;
        this.client = client;
        this.token = token;
        this.rw = rw;
    }

    int login() {
        return client.login[token.index];
    }

    boolean isUser() {
        return login() == Client.USER;
    }

    boolean isSo() {
        return login() == Client.SO;
    }

    /** {@code CKS_*}. */
    int state() {
        return switch (login()) {
            case Client.SO -> Ck.CKS_RW_SO_FUNCTIONS;
            case Client.USER -> rw ? Ck.CKS_RW_USER_FUNCTIONS : Ck.CKS_RO_USER_FUNCTIONS;
            default -> rw ? Ck.CKS_RW_PUBLIC_SESSION : Ck.CKS_RO_PUBLIC_SESSION;
        };
    }

    /** Ends the active operation, wiping its state. */
    void release() {
        if (active != null) {
            Active a = active;
            active = null;
            a.processing.close();
        }
    }
}
