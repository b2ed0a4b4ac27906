/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Object management and search (PKCS#11 3.0 §5.7): templates go to the TA serialised as in
 * template.c; new handles come back as one u32; C_GetAttributeValue makes the round trip of
 * ABI §4.5; C_FindObjects reads up to ulMaxObjectCount u32 handles.
 */
#include "p11.h"

/* The most handles one C_FindObjects asks the TA for. */
#define MAX_FIND (1u << 16)

/* Sends b and reads the new object's handle into *out. */
static CK_RV new_handle_call(uint32_t cmd, struct p11_buf *b, CK_OBJECT_HANDLE_PTR out)
{
	uint8_t raw[4];
	CK_RV rv = p11_call_fixed(cmd, b, raw, sizeof(raw));

	p11_buf_free(b);
	if (rv == CKR_OK)
		*out = p11_get_u32(raw);
	return rv;
}

static CK_RV create_object(CK_SESSION_HANDLE h, CK_ATTRIBUTE_PTR t, CK_ULONG n,
			   CK_OBJECT_HANDLE_PTR out)
{
	uint32_t s;
	CK_RV rv = p11_session(h, &s);

	if (rv != CKR_OK)
		return rv;
	if (!out)
		return CKR_ARGUMENTS_BAD;
	struct p11_buf b;

	p11_buf_init(&b);
	p11_buf_u32(&b, s);
	p11_ser_template(&b, t, n);
	return new_handle_call(P11_CMD_CREATE_OBJECT, &b, out);
}

P11_EXPORT CK_RV C_CreateObject(CK_SESSION_HANDLE hSession, CK_ATTRIBUTE_PTR pTemplate,
				CK_ULONG ulCount, CK_OBJECT_HANDLE_PTR phObject)
{
	P11_GUARDED(create_object(hSession, pTemplate, ulCount, phObject));
}

/* The control buffer's first two fields: session and object handle. */
static CK_RV session_object(struct p11_buf *b, CK_SESSION_HANDLE h, CK_OBJECT_HANDLE obj)
{
	uint32_t s;
	uint32_t o;
	CK_RV rv = p11_session(h, &s);

	if (rv == CKR_OK)
		rv = p11_handle(obj, CKR_OBJECT_HANDLE_INVALID, &o);
	if (rv != CKR_OK)
		return rv;
	p11_buf_init(b);
	p11_buf_u32(b, s);
	p11_buf_u32(b, o);
	return CKR_OK;
}

static CK_RV copy_object(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE obj, CK_ATTRIBUTE_PTR t,
			 CK_ULONG n, CK_OBJECT_HANDLE_PTR out)
{
	struct p11_buf b;
	CK_RV rv = session_object(&b, h, obj);

	if (rv != CKR_OK)
		return rv;
	if (!out) {
		p11_buf_free(&b);
		return CKR_ARGUMENTS_BAD;
	}
	p11_ser_template(&b, t, n);
	return new_handle_call(P11_CMD_COPY_OBJECT, &b, out);
}

P11_EXPORT CK_RV C_CopyObject(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject,
			      CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount,
			      CK_OBJECT_HANDLE_PTR phNewObject)
{
	P11_GUARDED(copy_object(hSession, hObject, pTemplate, ulCount, phNewObject));
}

static CK_RV destroy_object(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE obj)
{
	struct p11_buf b;
	struct p11_io io = { 0 };
	CK_RV rv = session_object(&b, h, obj);

	if (rv != CKR_OK)
		return rv;
	rv = p11_call(P11_CMD_DESTROY_OBJECT, &b, &io);
	p11_buf_free(&b);
	return rv;
}

P11_EXPORT CK_RV C_DestroyObject(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject)
{
	P11_GUARDED(destroy_object(hSession, hObject));
}

static CK_RV object_size(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE obj, CK_ULONG_PTR size)
{
	struct p11_buf b;
	uint8_t raw[4];
	CK_RV rv = session_object(&b, h, obj);

	if (rv != CKR_OK)
		return rv;
	if (!size) {
		p11_buf_free(&b);
		return CKR_ARGUMENTS_BAD;
	}
	rv = p11_call_fixed(P11_CMD_GET_OBJECT_SIZE, &b, raw, sizeof(raw));
	p11_buf_free(&b);
	if (rv == CKR_OK)
		*size = p11_ulong(p11_get_u32(raw));
	return rv;
}

P11_EXPORT CK_RV C_GetObjectSize(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject,
				 CK_ULONG_PTR pulSize)
{
	P11_GUARDED(object_size(hSession, hObject, pulSize));
}

struct gav_answer {
	CK_ATTRIBUTE *attrs;
	CK_ULONG count;
};

static CK_RV gav_sink(void *ctx, CK_RV rv, const uint8_t *bytes, size_t len)
{
	struct gav_answer *a = ctx;

	return p11_gav_decode(rv, bytes, len, a->attrs, a->count);
}

static CK_RV get_attributes(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE obj, CK_ATTRIBUTE_PTR t,
			    CK_ULONG n)
{
	struct p11_buf b;
	CK_RV rv = session_object(&b, h, obj);

	if (rv != CKR_OK)
		return rv;
	p11_ser_gav_template(&b, t, n);
	struct gav_answer answer = { t, n };
	/* the TA answers the template in p2: exactly as large as the template sent */
	struct p11_io io = { .p2_type = P11_P2_OUT, .out_cap = b.len - 8, .sink = gav_sink,
			     .sink_ctx = &answer };

	rv = p11_call(P11_CMD_GET_ATTRIBUTE_VALUE, &b, &io);
	p11_buf_free(&b);
	return rv;
}

P11_EXPORT CK_RV C_GetAttributeValue(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject,
				     CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount)
{
	P11_GUARDED(get_attributes(hSession, hObject, pTemplate, ulCount));
}

static CK_RV set_attributes(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE obj, CK_ATTRIBUTE_PTR t,
			    CK_ULONG n)
{
	struct p11_buf b;
	struct p11_io io = { 0 };
	CK_RV rv = session_object(&b, h, obj);

	if (rv != CKR_OK)
		return rv;
	p11_ser_template(&b, t, n);
	rv = p11_call(P11_CMD_SET_ATTRIBUTE_VALUE, &b, &io);
	p11_buf_free(&b);
	return rv;
}

P11_EXPORT CK_RV C_SetAttributeValue(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject,
				     CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount)
{
	P11_GUARDED(set_attributes(hSession, hObject, pTemplate, ulCount));
}

static CK_RV find_init(CK_SESSION_HANDLE h, CK_ATTRIBUTE_PTR t, CK_ULONG n)
{
	uint32_t s;
	CK_RV rv = p11_session(h, &s);

	if (rv != CKR_OK)
		return rv;
	struct p11_buf b;
	struct p11_io io = { 0 };

	p11_buf_init(&b);
	p11_buf_u32(&b, s);
	p11_ser_template(&b, t, n);
	rv = p11_call(P11_CMD_FIND_OBJECTS_INIT, &b, &io);
	p11_buf_free(&b);
	return rv;
}

P11_EXPORT CK_RV C_FindObjectsInit(CK_SESSION_HANDLE hSession, CK_ATTRIBUTE_PTR pTemplate,
				   CK_ULONG ulCount)
{
	P11_GUARDED(find_init(hSession, pTemplate, ulCount));
}

static CK_RV handles_sink(void *ctx, CK_RV rv, const uint8_t *bytes, size_t len)
{
	CK_OBJECT_HANDLE *out = ctx;

	if (rv == CKR_OK) {
		for (size_t i = 0; i < len / 4; i++)
			out[i] = p11_get_u32(bytes + 4 * i);
	}
	return rv;
}

static CK_RV find(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE_PTR out, CK_ULONG max, CK_ULONG_PTR count)
{
	uint32_t s;
	CK_RV rv = p11_session(h, &s);

	if (rv != CKR_OK)
		return rv;
	if (!out || !count)
		return CKR_ARGUMENTS_BAD;
	struct p11_buf b;
	struct p11_io io = { .p2_type = P11_P2_OUT, .out_cap = (max < MAX_FIND ? max : MAX_FIND) * 4,
			     .sink = handles_sink, .sink_ctx = out };

	p11_buf_init(&b);
	p11_buf_u32(&b, s);
	rv = p11_call(P11_CMD_FIND_OBJECTS, &b, &io);
	p11_buf_free(&b);
	if (rv == CKR_OK)
		*count = io.out_len / 4;
	return rv;
}

P11_EXPORT CK_RV C_FindObjects(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE_PTR phObject,
			       CK_ULONG ulMaxObjectCount, CK_ULONG_PTR pulObjectCount)
{
	P11_GUARDED(find(hSession, phObject, ulMaxObjectCount, pulObjectCount));
}

P11_EXPORT CK_RV C_FindObjectsFinal(CK_SESSION_HANDLE hSession)
{
	P11_GUARDED(p11_session_cmd(P11_CMD_FIND_OBJECTS_FINAL, hSession));
}
