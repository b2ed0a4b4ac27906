package org.jtee.ta;

import java.util.Objects;
import java.util.UUID;
import org.jtee.common.LoginMethod;

/** {@code TEE_Identity}: how a client logged in and the UUID that identifies it (GP §4.2.4). */
public record Identity(int login, UUID uuid) {
    public Identity {
        Objects.requireNonNull(uuid, "uuid");
    }

    @Override
    public String toString() {
        return LoginMethod.name(login) + "/" + uuid;
    }
}
