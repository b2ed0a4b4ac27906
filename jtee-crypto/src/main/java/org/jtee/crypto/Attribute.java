package org.jtee.crypto;

import java.util.Arrays;

/**
 * A GP {@code TEE_Attribute}: an identifier ({@link TeeAttr}) and either a buffer or two 32-bit
 * values, as bit 29 of the identifier says. The buffer is the caller's: {@link TransientObject}
 * copies what it keeps.
 *
 * @param id the attribute identifier
 * @param buffer the content of a buffer attribute; {@code null} for a value attribute
 * @param a the first value ({@code content.value.a}); 0 for a buffer attribute
 * @param b the second value ({@code content.value.b}); 0 for a buffer attribute
 */
public record Attribute(int id, byte[] buffer, int a, int b) {

    public Attribute {
        if (TeeAttr.isValue(id) && buffer != null) {
            throw new IllegalArgumentException(String.format("attribute 0x%08X is a value attribute, not a buffer", id));
        }
        if (!TeeAttr.isValue(id) && buffer == null) {
            throw new IllegalArgumentException(String.format("attribute 0x%08X is a buffer attribute and needs a buffer", id));
        }
    }

    /** {@code TEE_InitRefAttribute}. */
    public static Attribute ref(int id, byte[] buffer) {
        return new Attribute(id, buffer, 0, 0);
    }

    /** {@code TEE_InitValueAttribute}. */
    public static Attribute value(int id, int a, int b) {
        return new Attribute(id, null, a, b);
    }

    /** Whether this is a value attribute. */
    public boolean isValue() {
        return TeeAttr.isValue(id);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Attribute other && id == other.id && a == other.a && b == other.b
                && Arrays.equals(buffer, other.buffer);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * id + a) + b) + Arrays.hashCode(buffer);
    }

    /** Names the attribute and its size, never its content (it may be secret). */
    @Override
    public String toString() {
        return isValue() ? String.format("Attribute[0x%08X, value]", id)
                : String.format("Attribute[0x%08X, %d bytes]", id, buffer.length);
    }
}
