package org.jtee.crypto;

/**
 * {@code TEE_ObjectInfo} as {@code TEE_GetObjectInfo1} fills it.
 *
 * @param objectType {@link TeeType}
 * @param objectSize the key size in bits, 0 until the object is initialized
 * @param maxObjectSize the largest key size the object can hold, in bits
 * @param objectUsage {@code TEE_USAGE_*} bits still allowed
 * @param dataSize bytes of a persistent object's data stream (0 for a transient object)
 * @param dataPosition position in that stream (0 for a transient object)
 * @param handleFlags {@code TEE_HANDLE_FLAG_*}
 */
public record ObjectInfo(int objectType, int objectSize, int maxObjectSize, int objectUsage,
        long dataSize, long dataPosition, int handleFlags) {}
