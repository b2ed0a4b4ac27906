/**
 * TA management and loading: the TAs the core knows ({@link org.jtee.core.ta.TaRegistry}), their
 * instances, sessions and entry points ({@link org.jtee.core.ta.TaManager}, {@code TaInstance},
 * {@link org.jtee.core.ta.Session}, {@code Call}), instance limits ({@code InstanceQuota}),
 * TA-to-TA calls ({@code TaCalls}), the two ways into an instance ({@code TaBackend}: a TA in the
 * core's JVM, {@code InCoreTa}, or one in a TA host, {@code RemoteTa}), and loading dynamic TAs:
 * from secure storage or the supplicant, verification, version floors and their properties read
 * without loading their classes ({@code DynamicTaLoader}, {@code SecureTaStore},
 * {@link org.jtee.core.ta.SecureTas}, {@code VersionFloors}, {@code TaClassInfo},
 * {@link org.jtee.core.ta.DynamicTaRuntime}); who a call's client application is
 * ({@link org.jtee.core.ta.Callers}).
 *
 * <p>Run by: the core process. No dynamic TA's code runs here: a dynamic TA runs in a TA host
 * ({@link org.jtee.tahost}), which {@code RemoteTa} talks to through {@link org.jtee.core.host}.
 */
package org.jtee.core.ta;
