package org.jtee.core.ta;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;
import org.jtee.core.runtime.CoreObjects;
import org.jtee.ta.TrustedApplication;
import org.jtee.tahost.TaType;

/**
 * The TAs this core knows, looked up in OP-TEE's order: pseudo TAs first, then built-in TAs.
 * Built-in TAs are found with {@link ServiceLoader} on the core's class path (each jar lists its
 * TAs in {@code META-INF/services/org.jtee.ta.TrustedApplication}); dynamic TAs come later. A
 * TA with the nil UUID is refused: that UUID owns the core's own objects in trusted storage
 * ({@link CoreObjects#OWNER}).
 */
public final class TaRegistry {
    private final Map<UUID, TaType> pseudo = new LinkedHashMap<>();
    private final Map<UUID, TaType> builtIn = new LinkedHashMap<>();

    /** Registers a pseudo TA; {@link IllegalArgumentException} for a UUID taken or reserved. */
    public void addPseudo(TaType type) {
        add(pseudo, type);
    }

    /** Registers a built-in TA; {@link IllegalArgumentException} for a UUID taken or reserved. */
    public void addBuiltIn(TaType type) {
        add(builtIn, type);
    }

    private void add(Map<UUID, TaType> into, TaType type) {
        if (CoreObjects.isReserved(type.uuid())) {
            throw new IllegalArgumentException("a TA is refused: " + CoreObjects.reservedMessage());
        }
        if (pseudo.containsKey(type.uuid()) || builtIn.containsKey(type.uuid())) {
            throw new IllegalArgumentException("two TAs claim UUID " + type.uuid());
        }
        into.put(type.uuid(), type);
    }

    /** Registers every built-in TA that {@code loader} can see. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public void discoverBuiltIns(ClassLoader loader) {
        ServiceLoader<TrustedApplication> services = ServiceLoader.load(TrustedApplication.class, loader);
        for (ServiceLoader.Provider<TrustedApplication> provider : services.stream().toList()) {
            try {
                addBuiltIn(TaType.of(provider.type(), false, false, () -> provider.get()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(provider.type().getName() + ": " + e.getMessage(), e);
            }
        }
    }

    /** The TA with {@code uuid}, or null. */
    TaType find(UUID uuid) {
        TaType t = pseudo.get(uuid);
        return t != null ? t : builtIn.get(uuid);
    }

    public Collection<TaType> builtIns() {
        return builtIn.values();
    }
}
