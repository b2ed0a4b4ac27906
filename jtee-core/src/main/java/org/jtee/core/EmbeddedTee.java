package org.jtee.core;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jtee.ta.Ta;
import org.jtee.ta.TrustedApplication;
import org.jtee.tahost.TaType;

/**
 * A jtee core in this JVM, for unit tests of TAs: the real core — client connections, sessions
 * and instances, TA manager, TA-to-TA calls, trusted storage, clocks, cancellation, pseudo TAs —
 * with the TA classes named to its {@link Builder} as built-in TAs, and no other TA: it loads no
 * dynamic TA and starts no TA host. The TAs run in this JVM (a debugger's breakpoints in them
 * just work), with the instance semantics their {@link Ta} declares (single or multi instance,
 * multi session, keep alive) and their {@code @TaProperty} extras. The core is not hardened and
 * starts no process: its supplicant is a thread of this JVM, which serves REE time, secure
 * storage's files and the emulated RPMB device. Clients connect to {@link #clientSocket()} as to
 * any core.
 *
 * <pre>
 * home/core/          the core's private state: HUK, storage counters, TA version floors
 * home/ree/           the supplicant's files: secure storage, the RPMB device
 * home/client.sock    the client socket
 * </pre>
 *
 * A TA class must be public, implement {@link TrustedApplication}, carry {@link Ta} and have a
 * public constructor without arguments — what a TA host needs to construct it. How built-in TAs
 * behave unlike TAs in TA hosts is in {@code docs/testing-tas.md}.
 */
public final class EmbeddedTee implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.jtee.core");

    private final Path home;
    private final Core core;
    private final InProcessSupplicant supplicant;
    private final List<UUID> tas;

    private EmbeddedTee(Path home, Core core, InProcessSupplicant supplicant, List<UUID> tas) {
        this.home = home;
        this.core = core;
        this.supplicant = supplicant;
        this.tas = tas;
    }

    /** A builder of a core whose files go under {@code home}, which must exist. */
    public static Builder builder(Path home) {
        return new Builder(Objects.requireNonNull(home, "home"));
    }

    /** Where the core's files are (see the class description). */
    public Path home() {
        return home;
    }

    /** Where clients connect: {@code home/client.sock}. */
    public Path clientSocket() {
        return core.clientSocket();
    }

    /** The UUIDs of the TAs given to the builder, in that order. */
    public List<UUID> tas() {
        return tas;
    }

    /** Stops the core (every connection closes, every instance goes) and its supplicant. Idempotent. */
    @Override
    public void close() {
        core.close();
        supplicant.close();
    }

    @Override
    public String toString() {
        return "EmbeddedTee[" + home + "]";
    }

    /** Which TAs the core runs, and how many calls at once. */
    public static final class Builder {
        private final Path home;
        private final List<TaType> tas = new ArrayList<>();
        private int callSlots = CoreConfig.DEFAULT_CALL_SLOTS;

        private Builder(Path home) {
            this.home = home;
        }

        /**
         * Adds a built-in TA.
         *
         * @throws IllegalArgumentException naming the class if it cannot be a TA (see the class
         *     description) or its {@link Ta} or {@code @TaProperty} annotations are malformed
         */
        public Builder ta(Class<?> taClass) {
            Constructor<? extends TrustedApplication<?>> constructor = constructorOf(taClass);
            tas.add(TaType.of(taClass, false, false, () -> construct(constructor)));
            return this;
        }

        /** Adds each of {@code taClasses} with {@link #ta}. */
        public Builder tas(Collection<? extends Class<?>> taClasses) {
            taClasses.forEach(this::ta);
            return this;
        }

        /** How many open-session and invoke calls run at once (default {@link CoreConfig#DEFAULT_CALL_SLOTS}). */
        public Builder callSlots(int slots) {
            if (slots < 1) {
                throw new IllegalArgumentException("callSlots must be at least 1, got " + slots);
            }
            this.callSlots = slots;
            return this;
        }

        /**
         * Boots the core and connects its supplicant.
         *
         * @throws IllegalArgumentException if two TAs claim one UUID, or a TA claims the nil UUID
         * @throws IOException if the core cannot boot under {@code home} (the directory, the socket)
         */
        public EmbeddedTee start() throws IOException {
            CoreConfig config = CoreConfig.under(home).withHardening(false).withCallSlots(callSlots)
                    .withTaLoading(new TaLoading(List.of(), null, null, 0, TaLoading.DEFAULT_CANCEL_HARD_LIMIT_MILLIS, false))
                    .withSupplicant(SupplicantSettings.defaults().withLaunch(false));
            Core core = Core.start(config, registry -> tas.forEach(registry::addBuiltIn), false);
            InProcessSupplicant supplicant;
            try {
                supplicant = InProcessSupplicant.attach(core, List.of(),
                        config.supplicant().storageDirectoryBeside(config.stateDirectory()));
            } catch (IOException | RuntimeException e) {
                core.close();
                throw e;
            }
            List<UUID> uuids = tas.stream().map(TaType::uuid).toList();
            LOG.log(Level.DEBUG, "embedded core under {0}, clients on {1}, TAs {2}", home, core.clientSocket(), uuids);
            return new EmbeddedTee(home, core, supplicant, uuids);
        }

        /** The public no-argument constructor of a public, concrete TA class, or a clear refusal. */
        @SuppressWarnings("unchecked")
        private static Constructor<? extends TrustedApplication<?>> constructorOf(Class<?> type) {
            String name = type.getName();
            if (!TrustedApplication.class.isAssignableFrom(type)) {
                throw new IllegalArgumentException(name + " does not implement " + TrustedApplication.class.getName());
            }
            if (!type.isAnnotationPresent(Ta.class)) {
                throw new IllegalArgumentException(name + " has no @Ta annotation");
            }
            int modifiers = type.getModifiers();
            if (!Modifier.isPublic(modifiers) || Modifier.isAbstract(modifiers)
                    || type.isMemberClass() && !Modifier.isStatic(modifiers) || type.isLocalClass() || type.isAnonymousClass()) {
                throw new IllegalArgumentException(name + " must be a public, concrete, top-level or static nested class");
            }
            try {
                return (Constructor<? extends TrustedApplication<?>>) type.getConstructor();
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException(name + " needs a public constructor without arguments", e);
            }
        }

        /**
         * A new instance, as a TA host makes one; what the constructor throws, the caller's TA
         * manager takes as the instance's panic ({@code TEE_ERROR_TARGET_DEAD}).
         */
        private static TrustedApplication<?> construct(Constructor<? extends TrustedApplication<?>> constructor) {
            try {
                return constructor.newInstance();
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(constructor.getDeclaringClass().getName() + "() threw " + e.getCause(), e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot construct " + constructor.getDeclaringClass().getName(), e);
            }
        }
    }
}
