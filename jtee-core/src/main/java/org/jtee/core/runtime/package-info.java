/**
 * What the core runs on besides its clients and TAs: its private state directory
 * ({@link org.jtee.core.runtime.StateDirectory}), the hardware unique key
 * ({@link org.jtee.core.runtime.HardwareUniqueKey}) and the keys derived from it for TAs
 * ({@link org.jtee.core.runtime.TaUniqueKeys}), trusted storage's stores
 * ({@link org.jtee.core.runtime.CoreStorage}) and the core's own objects in them
 * ({@link org.jtee.core.runtime.CoreObjects}: TA persistent time,
 * {@link org.jtee.core.runtime.TaPersistentTime}, version floors, installed TAs), the TEE implementation properties
 * ({@link org.jtee.core.runtime.TeeImplementationProperties}), and the supplicant: starting it as
 * the core's child process and the link to it for storage, REE time and TA images
 * ({@code SupplicantLauncher}, {@link org.jtee.core.runtime.SupplicantLink},
 * {@link org.jtee.core.runtime.ReeClock}).
 *
 * <p>Run by: the core process. The supplicant's own code is in jtee-supplicant and runs in the
 * supplicant process.
 */
package org.jtee.core.runtime;
