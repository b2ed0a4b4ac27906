/* SPDX-License-Identifier: Apache-2.0 */
#include "wire.h"

#include <stdlib.h>
#include <string.h>

bool wbuf_reserve(struct wbuf *w, size_t more)
{
	if (w->failed)
		return false;
	if (more <= w->cap - w->len)
		return true;
	size_t cap = w->cap ? w->cap : 256;
	while (cap - w->len < more) {
		if (cap > SIZE_MAX / 2) {
			w->failed = true;
			return false;
		}
		cap *= 2;
	}
	uint8_t *grown = realloc(w->data, cap);
	if (!grown) {
		w->failed = true;
		return false;
	}
	w->data = grown;
	w->cap = cap;
	return true;
}

void wbuf_free(struct wbuf *w)
{
	free(w->data);
	memset(w, 0, sizeof(*w));
}

void put_bytes(struct wbuf *w, const void *p, size_t n)
{
	if (n == 0 || !wbuf_reserve(w, n))
		return;
	memcpy(w->data + w->len, p, n);
	w->len += n;
}

void put_u8(struct wbuf *w, uint8_t v)
{
	put_bytes(w, &v, 1);
}

void put_u16(struct wbuf *w, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)v, (uint8_t)(v >> 8) };

	put_bytes(w, b, sizeof(b));
}

void put_u32(struct wbuf *w, uint32_t v)
{
	uint8_t b[4];

	for (int i = 0; i < 4; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	put_bytes(w, b, sizeof(b));
}

void put_u64(struct wbuf *w, uint64_t v)
{
	uint8_t b[8];

	for (int i = 0; i < 8; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	put_bytes(w, b, sizeof(b));
}

void patch_u32(struct wbuf *w, size_t offset, uint32_t v)
{
	if (w->failed || offset + 4 > w->len)
		return;
	for (int i = 0; i < 4; i++)
		w->data[offset + i] = (uint8_t)(v >> (8 * i));
}

const uint8_t *get_bytes(struct rbuf *r, size_t n)
{
	if (r->bad || n > r->len - r->pos) {
		r->bad = true;
		return NULL;
	}
	const uint8_t *p = r->data + r->pos;

	r->pos += n;
	return p;
}

static uint64_t get_le(struct rbuf *r, size_t n)
{
	const uint8_t *p = get_bytes(r, n);
	uint64_t v = 0;

	if (!p)
		return 0;
	for (size_t i = 0; i < n; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

uint8_t get_u8(struct rbuf *r)
{
	return (uint8_t)get_le(r, 1);
}

uint16_t get_u16(struct rbuf *r)
{
	return (uint16_t)get_le(r, 2);
}

uint32_t get_u32(struct rbuf *r)
{
	return (uint32_t)get_le(r, 4);
}

uint64_t get_u64(struct rbuf *r)
{
	return get_le(r, 8);
}

void frame_begin(struct wbuf *w, uint8_t type, uint64_t request_id)
{
	put_u32(w, 0); /* length, patched by frame_end */
	put_u8(w, WIRE_VERSION);
	put_u8(w, type);
	put_u16(w, 0);
	put_u64(w, request_id);
}

void frame_end(struct wbuf *w)
{
	patch_u32(w, 0, (uint32_t)(w->len - 4));
}
