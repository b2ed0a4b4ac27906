/**
 * Client connections and their calls: the socket of each client application
 * ({@link org.jtee.core.client.ClientConnection}), the one thread at a time that reads it and runs
 * what it read ({@code ReaderRole}), the call slots and their fair queue ({@code CallScheduler}),
 * what every connection shares and the OPEN_SESSION and INVOKE calls it runs
 * ({@link org.jtee.core.client.CoreRuntime}), one call in flight and its cancellation
 * ({@link org.jtee.core.client.Operation}), parameters and shared memory ({@code ParamMarshal},
 * {@code SharedSegment}), and the budgets and limits that keep one client from holding up the rest
 * ({@code FrameBudget}, {@code MeteredChannel}, {@code Outbox}, {@code ConnectionCount}).
 *
 * <p>Run by: the core process.
 */
package org.jtee.core.client;
