package org.jtee.core.ta;

import java.util.OptionalLong;
import org.jtee.common.LoginMethod;
import org.jtee.core.client.Operation;
import org.jtee.ta.CallContext;

/**
 * Who is behind a call into a TA in the core, beyond its GP identity: the kernel's credentials of
 * the client application, for pseudo TAs that serve administrators only.
 */
public final class Callers {
    private Callers() {}

    /**
     * The user id of the client application that made {@code call} directly, from the peer
     * credentials its connection to the core carries ({@code SO_PEERCRED}, recorded by the kernel,
     * never what the client says); empty when a TA made it (login {@code TRUSTED_APP}, whatever
     * client's operation it runs in), when the core made it (a close or destroy entry), or when
     * {@code call} is not one this core made.
     */
    public static OptionalLong clientUid(CallContext call) {
        if (!(call instanceof Call c) || !isClientLogin(c.client().login())) {
            return OptionalLong.empty();
        }
        Operation op = c.operation();
        return op.connection == null ? OptionalLong.empty() : OptionalLong.of(op.connection.peer.uid());
    }

    /** The logins a client application can use; a TA-to-TA call's is {@code TRUSTED_APP}. */
    private static boolean isClientLogin(int login) {
        return login == LoginMethod.PUBLIC || login == LoginMethod.USER || login == LoginMethod.GROUP;
    }
}
