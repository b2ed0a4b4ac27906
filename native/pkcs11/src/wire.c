/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The control buffer's building blocks: a byte string that grows from the stack to the heap,
 * little-endian u32 fields, and the CK_ULONG <-> u32 conversions with their range checks.
 *
 * Every integer of the ABI is a 32-bit little-endian word with no alignment; the module runs on
 * 64-bit Linux where CK_ULONG has 64 bits, so each value that crosses is checked to fit.
 */
#define _DEFAULT_SOURCE
#include <stdlib.h>
#include <string.h>

#include "p11.h"

void p11_buf_init(struct p11_buf *b)
{
	b->data = b->local;
	b->len = 0;
	b->cap = sizeof(b->local);
	b->rv = CKR_OK;
}

void p11_buf_free(struct p11_buf *b)
{
	if (b->len)
		explicit_bzero(b->data, b->len);
	if (b->data != b->local)
		free(b->data);
	b->data = b->local;
	b->len = 0;
	b->cap = sizeof(b->local);
}

void p11_buf_fail(struct p11_buf *b, CK_RV rv)
{
	if (b->rv == CKR_OK)
		b->rv = rv;
}

static bool buf_grow(struct p11_buf *b, size_t need)
{
	size_t cap = b->cap;

	while (cap < need)
		cap *= 2;
	uint8_t *d = malloc(cap);

	if (!d)
		return false;
	memcpy(d, b->data, b->len);
	explicit_bzero(b->data, b->len);
	if (b->data != b->local)
		free(b->data);
	b->data = d;
	b->cap = cap;
	return true;
}

uint8_t *p11_buf_reserve(struct p11_buf *b, size_t n)
{
	if (b->rv != CKR_OK)
		return NULL;
	if (n > P11_MAX_CONTROL_BYTES || b->len + n > P11_MAX_CONTROL_BYTES) {
		p11_buf_fail(b, CKR_ARGUMENTS_BAD);
		return NULL;
	}
	if (b->len + n > b->cap && !buf_grow(b, b->len + n)) {
		p11_buf_fail(b, CKR_HOST_MEMORY);
		return NULL;
	}
	uint8_t *at = b->data + b->len;

	b->len += n;
	return at;
}

void p11_put_u32(uint8_t *at, uint32_t v)
{
	at[0] = (uint8_t)v;
	at[1] = (uint8_t)(v >> 8);
	at[2] = (uint8_t)(v >> 16);
	at[3] = (uint8_t)(v >> 24);
}

uint32_t p11_get_u32(const uint8_t *at)
{
	return (uint32_t)at[0] | (uint32_t)at[1] << 8 | (uint32_t)at[2] << 16 |
	       (uint32_t)at[3] << 24;
}

void p11_buf_u32(struct p11_buf *b, uint32_t v)
{
	uint8_t *at = p11_buf_reserve(b, 4);

	if (at)
		p11_put_u32(at, v);
}

void p11_buf_bytes(struct p11_buf *b, const void *p, size_t n)
{
	uint8_t *at = p11_buf_reserve(b, n);

	if (at && n)
		memcpy(at, p, n);
}

bool p11_u32(CK_ULONG v, uint32_t *out)
{
	if (v == CK_UNAVAILABLE_INFORMATION) {
		*out = P11_UNAVAILABLE32;
		return true;
	}
	if (v > UINT32_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}

CK_ULONG p11_ulong(uint32_t v)
{
	return v == P11_UNAVAILABLE32 ? CK_UNAVAILABLE_INFORMATION : (CK_ULONG)v;
}

/* ---- The TA's fixed output structures (ABI §4.7) ------------------------------------------ */

static CK_VERSION version_at(const uint8_t *at)
{
	CK_VERSION v = { at[0], at[1] };

	return v;
}

void p11_decode_slot_info(const uint8_t *in, CK_SLOT_INFO *info)
{
	memcpy(info->slotDescription, in, 64);
	memcpy(info->manufacturerID, in + 64, 32);
	info->flags = p11_get_u32(in + 96);
	info->hardwareVersion = version_at(in + 100);
	info->firmwareVersion = version_at(in + 102);
}

void p11_decode_token_info(const uint8_t *in, CK_TOKEN_INFO *info)
{
	memcpy(info->label, in, 32);
	memcpy(info->manufacturerID, in + 32, 32);
	memcpy(info->model, in + 64, 16);
	memcpy(info->serialNumber, in + 80, 16);
	info->flags = p11_get_u32(in + 96);
	/* counts and memory sizes: 0xFFFFFFFF is "unavailable" */
	info->ulMaxSessionCount = p11_ulong(p11_get_u32(in + 100));
	info->ulSessionCount = p11_ulong(p11_get_u32(in + 104));
	info->ulMaxRwSessionCount = p11_ulong(p11_get_u32(in + 108));
	info->ulRwSessionCount = p11_ulong(p11_get_u32(in + 112));
	info->ulMaxPinLen = p11_get_u32(in + 116);
	info->ulMinPinLen = p11_get_u32(in + 120);
	info->ulTotalPublicMemory = p11_ulong(p11_get_u32(in + 124));
	info->ulFreePublicMemory = p11_ulong(p11_get_u32(in + 128));
	info->ulTotalPrivateMemory = p11_ulong(p11_get_u32(in + 132));
	info->ulFreePrivateMemory = p11_ulong(p11_get_u32(in + 136));
	info->hardwareVersion = version_at(in + 140);
	info->firmwareVersion = version_at(in + 142);
	memcpy(info->utcTime, in + 144, 16);
}

void p11_decode_session_info(const uint8_t *in, CK_SESSION_INFO *info)
{
	info->slotID = p11_get_u32(in);
	info->state = p11_get_u32(in + 4);
	info->flags = p11_get_u32(in + 8);
	info->ulDeviceError = p11_get_u32(in + 12);
}

void p11_decode_mechanism_info(const uint8_t *in, CK_MECHANISM_INFO *info)
{
	info->ulMinKeySize = p11_get_u32(in);
	info->ulMaxKeySize = p11_get_u32(in + 4);
	info->flags = p11_get_u32(in + 8);
}
