package org.jtee.storage;

/**
 * Where one encrypted piece of an object lives: a data block of at most {@link LogStore#BLOCK_BYTES}
 * or the object's attributes. {@code length} bytes of AES-256-GCM ciphertext at {@code position}
 * of {@code segment}; the nonce and tag are kept in the log's authenticated metadata, so a chunk
 * is checked against the one version the log names. Identity equality: each write makes a new one.
 */
final class Chunk {
    final long segment;
    final int position;
    final int length;
    final byte[] nonce;
    final byte[] tag;

    Chunk(long segment, int position, int length, byte[] nonce, byte[] tag) {
        this.segment = segment;
        this.position = position;
        this.length = length;
        this.nonce = nonce;
        this.tag = tag;
    }

    Chunk movedTo(long newSegment, int newPosition) {
        return new Chunk(newSegment, newPosition, length, nonce, tag);
    }
}
