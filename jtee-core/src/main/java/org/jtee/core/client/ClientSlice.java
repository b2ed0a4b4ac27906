package org.jtee.core.client;

/**
 * The part of a client's registered shared memory that one memory reference of a call names:
 * what a TA host maps so that its TA reads and writes the client's memory in place.
 *
 * @param segment the client's segment; an operation holds a reference on it for the call
 * @param offset where the reference starts in the segment
 * @param size the reference's size
 */
public record ClientSlice(SharedSegment segment, long offset, long size) {}
