/**
 * The TA host process: a JVM that runs exactly one dynamic TA for the core that started it
 * ({@link org.jtee.tahost.TaHostMain}), hardens itself before it reads the TA
 * ({@link org.jtee.tahost.HostIsolation}), defines the TA's classes from its verified JAR in memory
 * ({@code JarClassLoader}) and serves the core's requests over the socket it inherits as
 * descriptor 3 ({@code TaHostLoop}, {@code HostLink}, {@code HostCall}, {@code HostTaSession}),
 * with memory references in the shared memory the core maps into it
 * ({@link org.jtee.tahost.HostRegions}).
 *
 * <p>Run by: a TA host process. Its class path is the TA platform only (jtee-ta-api, jtee-common,
 * jtee-protocol and this module, with jtee-os on the module path); nothing of jtee-core is on it,
 * so a TA cannot load a class of the core. The core uses a few classes of this package too, for
 * what both sides of the link must do the same way: parameters copied across a process boundary
 * ({@link org.jtee.tahost.InlineParams}), property sets and their text form
 * ({@link org.jtee.tahost.PropertySet}, {@link org.jtee.tahost.PropertyText}), a TA's properties
 * ({@link org.jtee.tahost.TaType}, {@link org.jtee.tahost.TaInfo}), the manifest's names
 * ({@link org.jtee.tahost.TaJarAttributes}), what every call context answers alike
 * ({@link org.jtee.tahost.CallBase}), the numbering of a host's memory regions
 * ({@link org.jtee.tahost.HostRegions}), and the host's exit statuses and isolation properties.
 */
package org.jtee.tahost;
