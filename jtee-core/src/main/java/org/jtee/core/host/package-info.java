/**
 * TA host processes as the core manages them: starting host JVMs with the TA platform's class
 * path and the options that keep them closed ({@link org.jtee.core.host.HostLauncher}), from a
 * confined thread so they are walled in from their first instruction
 * ({@link org.jtee.core.host.HostSpawner}), a pool of hosts booted ahead of need
 * ({@link org.jtee.core.host.HostPool}), the core's end of one host's link and life
 * ({@link org.jtee.core.host.TaHost}), and the memory a host shares with the core, which carries
 * memory references into it ({@link org.jtee.core.host.HostMemory}).
 *
 * <p>Run by: the core process. The host process itself runs {@link org.jtee.tahost}.
 */
package org.jtee.core.host;
