/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Attribute templates on the wire (ABI §4.2, §4.4, §4.5).
 *
 *   ATTRS   = attrs_size:u32  attrs_count:u32  record*          (attrs_size: bytes of records)
 *   record  = id:u32  size:u32  value[size]                     (packed, no padding)
 *
 * Values: CK_ULONG-typed attributes cross as one u32; CKA_ALLOWED_MECHANISMS as an array of
 * u32; the three nested templates as a complete ATTRS blob; everything else as its bytes. A
 * NULL pValue is sent as size 0 whatever ulValueLen says.
 *
 * C_GetAttributeValue sends the application's template with each record's size set to the room
 * the application offers (and that many bytes of room after it); the TA rewrites sizes and
 * values in place and returns the template in p2, keeping every record where it was, so the
 * answer is read back with the same rooms.
 */
#include <string.h>

#include "p11.h"

/* Nesting the module accepts; the TA accepts less (5). */
#define MAX_NESTING 8

bool p11_attr_is_ulong(CK_ATTRIBUTE_TYPE type)
{
	switch (type) {
	case CKA_CLASS:
	case CKA_CERTIFICATE_TYPE:
	case CKA_CERTIFICATE_CATEGORY:
	case CKA_NAME_HASH_ALGORITHM:
	case CKA_KEY_TYPE:
	case CKA_HW_FEATURE_TYPE:
	case CKA_MECHANISM_TYPE:
	case CKA_KEY_GEN_MECHANISM:
	case CKA_VALUE_LEN:
	case CKA_MODULUS_BITS:
	case CKA_JAVA_MIDP_SECURITY_DOMAIN:
	case CKA_PARAMETER_SET:
		return true;
	default:
		return false;
	}
}

bool p11_attr_is_nested(CK_ATTRIBUTE_TYPE type)
{
	return type == CKA_WRAP_TEMPLATE || type == CKA_UNWRAP_TEMPLATE ||
	       type == CKA_DERIVE_TEMPLATE;
}

static void ser_records(struct p11_buf *b, const CK_ATTRIBUTE *attrs, CK_ULONG count, int depth);

static void ser_ulong_value(struct p11_buf *b, const CK_ATTRIBUTE *a)
{
	CK_ULONG value;
	uint32_t v;

	if (a->ulValueLen < sizeof(CK_ULONG)) {
		p11_buf_fail(b, CKR_ATTRIBUTE_VALUE_INVALID);
		return;
	}
	memcpy(&value, a->pValue, sizeof(value)); /* the application's buffer may be unaligned */
	if (!p11_u32(value, &v)) {
		p11_buf_fail(b, CKR_ATTRIBUTE_VALUE_INVALID);
		return;
	}
	p11_buf_u32(b, 4);
	p11_buf_u32(b, v);
}

static void ser_mechanism_array(struct p11_buf *b, const CK_ATTRIBUTE *a)
{
	if (a->ulValueLen % sizeof(CK_ULONG) || a->ulValueLen / sizeof(CK_ULONG) > UINT32_MAX / 4) {
		p11_buf_fail(b, CKR_ATTRIBUTE_VALUE_INVALID);
		return;
	}
	CK_ULONG n = a->ulValueLen / sizeof(CK_ULONG);
	const uint8_t *m = a->pValue;

	p11_buf_u32(b, (uint32_t)(n * 4));
	for (CK_ULONG i = 0; i < n; i++) {
		CK_MECHANISM_TYPE type;
		uint32_t v;

		memcpy(&type, m + i * sizeof(type), sizeof(type));
		if (!p11_u32(type, &v) || v == P11_UNAVAILABLE32) {
			p11_buf_fail(b, CKR_ATTRIBUTE_VALUE_INVALID);
			return;
		}
		p11_buf_u32(b, v);
	}
}

/* An ATTRS blob: the head is written once the records' size is known. */
static void ser_attrs(struct p11_buf *b, const CK_ATTRIBUTE *attrs, CK_ULONG count, int depth)
{
	if (count && !attrs) {
		p11_buf_fail(b, CKR_ARGUMENTS_BAD);
		return;
	}
	if (count > UINT32_MAX) {
		p11_buf_fail(b, CKR_ARGUMENTS_BAD);
		return;
	}
	size_t head = b->len;

	p11_buf_reserve(b, 8);
	ser_records(b, attrs, count, depth);
	if (b->rv != CKR_OK)
		return;
	size_t size = b->len - head - 8;

	if (size > UINT32_MAX) {
		p11_buf_fail(b, CKR_ARGUMENTS_BAD);
		return;
	}
	p11_put_u32(b->data + head, (uint32_t)size);
	p11_put_u32(b->data + head + 4, (uint32_t)count);
}

static void ser_nested(struct p11_buf *b, const CK_ATTRIBUTE *a, int depth)
{
	if (depth >= MAX_NESTING || a->ulValueLen % sizeof(CK_ATTRIBUTE)) {
		p11_buf_fail(b, CKR_ATTRIBUTE_VALUE_INVALID);
		return;
	}
	size_t size_at = b->len;

	p11_buf_reserve(b, 4);
	ser_attrs(b, a->pValue, a->ulValueLen / sizeof(CK_ATTRIBUTE), depth + 1);
	if (b->rv == CKR_OK)
		p11_put_u32(b->data + size_at, (uint32_t)(b->len - size_at - 4));
}

static void ser_records(struct p11_buf *b, const CK_ATTRIBUTE *attrs, CK_ULONG count, int depth)
{
	for (CK_ULONG i = 0; i < count && b->rv == CKR_OK; i++) {
		const CK_ATTRIBUTE *a = &attrs[i];
		uint32_t id;

		if (!p11_u32(a->type, &id) || id == P11_UNAVAILABLE32) {
			p11_buf_fail(b, CKR_ATTRIBUTE_TYPE_INVALID);
			return;
		}
		p11_buf_u32(b, id);
		if (p11_attr_is_nested(a->type)) {
			ser_nested(b, a, depth);
		} else if (!a->pValue) {
			p11_buf_u32(b, 0);
		} else if (p11_attr_is_ulong(a->type)) {
			ser_ulong_value(b, a);
		} else if (a->type == CKA_ALLOWED_MECHANISMS) {
			ser_mechanism_array(b, a);
		} else if (a->ulValueLen > UINT32_MAX) {
			p11_buf_fail(b, CKR_ATTRIBUTE_VALUE_INVALID);
		} else {
			p11_buf_u32(b, (uint32_t)a->ulValueLen);
			p11_buf_bytes(b, a->pValue, a->ulValueLen);
		}
	}
}

void p11_ser_template(struct p11_buf *b, const CK_ATTRIBUTE *attrs, CK_ULONG count)
{
	ser_attrs(b, attrs, count, 0);
}

/* ---- C_GetAttributeValue --------------------------------------------------------------- */

/* The room a GetAttributeValue record offers for a, in wire bytes. */
static size_t gav_room(const CK_ATTRIBUTE *a)
{
	if (!a->pValue || p11_attr_is_nested(a->type))
		return 0;
	if (p11_attr_is_ulong(a->type))
		return a->ulValueLen >= sizeof(CK_ULONG) ? 4 : 0;
	if (a->type == CKA_ALLOWED_MECHANISMS)
		return a->ulValueLen / sizeof(CK_ULONG) * 4;
	return a->ulValueLen;
}

void p11_ser_gav_template(struct p11_buf *b, const CK_ATTRIBUTE *attrs, CK_ULONG count)
{
	if ((count && !attrs) || count > UINT32_MAX) {
		p11_buf_fail(b, CKR_ARGUMENTS_BAD);
		return;
	}
	size_t head = b->len;

	p11_buf_reserve(b, 8);
	for (CK_ULONG i = 0; i < count && b->rv == CKR_OK; i++) {
		uint32_t id;
		size_t room = gav_room(&attrs[i]);

		if (!p11_u32(attrs[i].type, &id) || id == P11_UNAVAILABLE32) {
			p11_buf_fail(b, CKR_ATTRIBUTE_TYPE_INVALID);
			return;
		}
		if (room > UINT32_MAX - 8) {
			p11_buf_fail(b, CKR_ARGUMENTS_BAD);
			return;
		}
		p11_buf_u32(b, id);
		p11_buf_u32(b, (uint32_t)room);
		uint8_t *value = p11_buf_reserve(b, room);

		if (value)
			memset(value, 0, room);
	}
	if (b->rv != CKR_OK)
		return;
	if (b->len - head - 8 > UINT32_MAX) {
		p11_buf_fail(b, CKR_ARGUMENTS_BAD);
		return;
	}
	p11_put_u32(b->data + head, (uint32_t)(b->len - head - 8));
	p11_put_u32(b->data + head + 4, (uint32_t)count);
}

/* The application's length for `size` wire bytes of a's value. */
static CK_ULONG app_length(const CK_ATTRIBUTE *a, uint32_t size)
{
	if (p11_attr_is_ulong(a->type))
		return size == 4 ? sizeof(CK_ULONG) : CK_UNAVAILABLE_INFORMATION;
	if (a->type == CKA_ALLOWED_MECHANISMS)
		return (CK_ULONG)(size / 4) * sizeof(CK_ULONG);
	return size;
}

/* Copies one answered value into the application's buffer; false: it does not fit. */
static bool copy_value(CK_ATTRIBUTE *a, const uint8_t *value, uint32_t size)
{
	if (p11_attr_is_ulong(a->type)) {
		if (size != 4 || a->ulValueLen < sizeof(CK_ULONG))
			return false;
		CK_ULONG v = p11_ulong(p11_get_u32(value));

		memcpy(a->pValue, &v, sizeof(v));
		a->ulValueLen = sizeof(CK_ULONG);
	} else if (a->type == CKA_ALLOWED_MECHANISMS) {
		uint8_t *m = a->pValue;

		if ((CK_ULONG)(size / 4) * sizeof(CK_ULONG) > a->ulValueLen)
			return false;
		for (uint32_t i = 0; i < size / 4; i++) {
			CK_MECHANISM_TYPE type = p11_ulong(p11_get_u32(value + 4 * (size_t)i));

			memcpy(m + i * sizeof(type), &type, sizeof(type));
		}
		a->ulValueLen = (CK_ULONG)(size / 4) * sizeof(CK_ULONG);
	} else {
		if (size > a->ulValueLen)
			return false;
		memcpy(a->pValue, value, size);
		a->ulValueLen = size;
	}
	return true;
}

CK_RV p11_gav_decode(CK_RV ta_rv, const uint8_t *out, size_t out_len, CK_ATTRIBUTE *attrs,
		     CK_ULONG count)
{
	bool too_small = false;
	size_t pos = 8;

	if (ta_rv != CKR_OK && ta_rv != CKR_ATTRIBUTE_SENSITIVE &&
	    ta_rv != CKR_ATTRIBUTE_TYPE_INVALID && ta_rv != CKR_BUFFER_TOO_SMALL)
		return ta_rv;
	for (CK_ULONG i = 0; i < count; i++) {
		CK_ATTRIBUTE *a = &attrs[i];
		size_t room = gav_room(a);

		if (out_len < pos || out_len - pos < 8 || out_len - pos - 8 < room)
			return CKR_DEVICE_ERROR; /* the TA answered a shorter template */
		uint32_t size = p11_get_u32(out + pos + 4);
		const uint8_t *value = out + pos + 8;

		pos += 8 + room;
		if (p11_attr_is_nested(a->type) || size == P11_UNAVAILABLE32) {
			a->ulValueLen = CK_UNAVAILABLE_INFORMATION;
		} else if (!a->pValue) {
			a->ulValueLen = app_length(a, size);
		} else if (size > room || !copy_value(a, value, size)) {
			a->ulValueLen = CK_UNAVAILABLE_INFORMATION;
			too_small = true;
		}
	}
	return too_small ? CKR_BUFFER_TOO_SMALL : ta_rv;
}
