/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The jtee wire protocol as the C client speaks it (docs/protocol.md): constants, and the
 * little-endian writer and reader the frames are built and parsed with.
 */
#ifndef JTEE_WIRE_H
#define JTEE_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WIRE_VERSION 1
#define WIRE_HEADER_BYTES 16
/* the largest frame length any side may announce; the HELLO reply may lower it */
#define WIRE_MAX_FRAME_BYTES (16u * 1024 * 1024)
/* the largest total of a request's output temporary buffers */
#define WIRE_MAX_TMEM_OUT_BYTES (16u * 1024 * 1024)
#define WIRE_MAX_PATH_BYTES 4096
#define WIRE_ROLE_CLIENT 1
#define WIRE_REPLY 0x80

enum wire_type {
	WIRE_HELLO = 0x01,
	WIRE_OPEN_SESSION = 0x02,
	WIRE_INVOKE = 0x03,
	WIRE_CLOSE_SESSION = 0x04,
	WIRE_CANCEL = 0x05,
	WIRE_REGISTER_SHM = 0x06,
	WIRE_UNREGISTER_SHM = 0x07,
};

/* Slot types of a parameter block (OP-TEE's OPTEE_MSG_ATTR_TYPE_* numbering). */
enum wire_slot {
	SLOT_NONE = 0,
	SLOT_VALUE_INPUT = 1,
	SLOT_VALUE_OUTPUT = 2,
	SLOT_VALUE_INOUT = 3,
	SLOT_RMEM_INPUT = 5,
	SLOT_RMEM_OUTPUT = 6,
	SLOT_RMEM_INOUT = 7,
	SLOT_TMEM_INPUT = 9,
	SLOT_TMEM_OUTPUT = 10,
	SLOT_TMEM_INOUT = 11,
};

/* A growable output buffer; on allocation failure it stays failed and writes are dropped. */
struct wbuf {
	uint8_t *data;
	size_t len;
	size_t cap;
	bool failed;
};

/* A bounded input cursor; reading past the end marks it bad and yields zeros. */
struct rbuf {
	const uint8_t *data;
	size_t len;
	size_t pos;
	bool bad;
};

bool wbuf_reserve(struct wbuf *w, size_t more);
void wbuf_free(struct wbuf *w);
void put_u8(struct wbuf *w, uint8_t v);
void put_u16(struct wbuf *w, uint16_t v);
void put_u32(struct wbuf *w, uint32_t v);
void put_u64(struct wbuf *w, uint64_t v);
void put_bytes(struct wbuf *w, const void *p, size_t n);
/* Overwrites a u32 already written at offset (the frame's length field). */
void patch_u32(struct wbuf *w, size_t offset, uint32_t v);

uint8_t get_u8(struct rbuf *r);
uint16_t get_u16(struct rbuf *r);
uint32_t get_u32(struct rbuf *r);
uint64_t get_u64(struct rbuf *r);
/* A pointer to the next n bytes, or NULL (and r bad) if fewer remain. */
const uint8_t *get_bytes(struct rbuf *r, size_t n);

/* Starts a frame: the header with a length to be patched by frame_end. */
void frame_begin(struct wbuf *w, uint8_t type, uint64_t request_id);
/* Sets the frame's length field from the bytes written. */
void frame_end(struct wbuf *w);

#endif /* JTEE_WIRE_H */
