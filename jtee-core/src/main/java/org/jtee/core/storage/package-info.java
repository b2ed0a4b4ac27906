/**
 * The GP layer of trusted storage (GP TEE Internal Core API 1.3.1 §5.7–5.9) over the storage
 * engine's {@link org.jtee.storage.ObjectStore}s: storage ids, per-instance handle tables with
 * their bounds, data positions, the sharing rules among every handle of an object in the core,
 * enumerators and what a corrupt object does ({@link org.jtee.core.storage.StorageService},
 * {@link org.jtee.core.storage.TaStorage}). TAs reach it through
 * {@link org.jtee.crypto.spi.StorageChannel}: a TA host by the RPC {@code STORAGE}
 * ({@code RemoteTa}), a built-in TA directly ({@link org.jtee.core.storage.InCoreStorageChannel}).
 * Which TA's objects a call uses is the core's knowledge, never the TA's claim.
 *
 * <p>Run by: the core.
 */
package org.jtee.core.storage;
