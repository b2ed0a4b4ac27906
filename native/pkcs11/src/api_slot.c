/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Slots, tokens, mechanisms, sessions and login (PKCS#11 3.0 §5.5-5.6): each function checks
 * what the TA cannot (NULL outputs, 64-bit values that do not fit the wire's 32 bits), builds
 * the control buffer of ABI §3.1 and decodes the TA's answer.
 */
#include <string.h>

#include "p11.h"

/* The longest list of slots or mechanisms the module reads at once. */
#define MAX_LIST 4096

struct u32_list {
	CK_ULONG *items;
};

static CK_RV list_sink(void *ctx, CK_RV rv, const uint8_t *bytes, size_t len)
{
	struct u32_list *l = ctx;

	if (rv == CKR_OK && l->items) {
		for (size_t i = 0; i < len / 4; i++)
			l->items[i] = p11_get_u32(bytes + 4 * i);
	}
	return rv;
}

/* A command answering a list of u32 (slots, mechanisms) into (items, *count). */
static CK_RV list_call(uint32_t cmd, struct p11_buf *b, CK_ULONG *items, CK_ULONG_PTR count)
{
	if (!count)
		return CKR_ARGUMENTS_BAD;
	CK_ULONG room = items ? (*count < MAX_LIST ? *count : MAX_LIST) : 0;
	struct u32_list l = { items };
	struct p11_io io = { .p2_type = P11_P2_OUT, .out_cap = room * 4, .sink = list_sink,
			     .sink_ctx = &l };
	CK_RV rv = p11_call(cmd, b, &io);

	if (rv == CKR_OK || rv == CKR_BUFFER_TOO_SMALL)
		*count = io.out_len / 4;
	if (rv == CKR_BUFFER_TOO_SMALL && !items)
		rv = CKR_OK;
	return rv;
}

static CK_RV slot_list(CK_SLOT_ID_PTR slots, CK_ULONG_PTR count)
{
	struct p11_buf b;

	p11_buf_init(&b);
	p11_buf_u32(&b, 0);
	CK_RV rv = list_call(P11_CMD_SLOT_LIST, &b, slots, count);

	p11_buf_free(&b);
	return rv;
}

P11_EXPORT CK_RV C_GetSlotList(CK_BBOOL tokenPresent, CK_SLOT_ID_PTR pSlotList,
			       CK_ULONG_PTR pulCount)
{
	(void)tokenPresent; /* every slot of the TA always has its token */
	P11_GUARDED(slot_list(pSlotList, pulCount));
}

/* A command whose control buffer is a slot ID, answering exactly n bytes. */
static CK_RV slot_query(uint32_t cmd, CK_SLOT_ID slot, uint8_t *out, size_t n)
{
	uint32_t id;

	if (!p11_u32(slot, &id))
		return CKR_SLOT_ID_INVALID;
	struct p11_buf b;

	p11_buf_init(&b);
	p11_buf_u32(&b, id);
	CK_RV rv = p11_call_fixed(cmd, &b, out, n);

	p11_buf_free(&b);
	return rv;
}

static CK_RV slot_info(CK_SLOT_ID slot, CK_SLOT_INFO_PTR info)
{
	uint8_t raw[P11_SLOT_INFO_BYTES];

	if (!info)
		return CKR_ARGUMENTS_BAD;
	CK_RV rv = slot_query(P11_CMD_SLOT_INFO, slot, raw, sizeof(raw));

	if (rv == CKR_OK)
		p11_decode_slot_info(raw, info);
	return rv;
}

P11_EXPORT CK_RV C_GetSlotInfo(CK_SLOT_ID slotID, CK_SLOT_INFO_PTR pInfo)
{
	P11_GUARDED(slot_info(slotID, pInfo));
}

static CK_RV token_info(CK_SLOT_ID slot, CK_TOKEN_INFO_PTR info)
{
	uint8_t raw[P11_TOKEN_INFO_BYTES];

	if (!info)
		return CKR_ARGUMENTS_BAD;
	CK_RV rv = slot_query(P11_CMD_TOKEN_INFO, slot, raw, sizeof(raw));

	if (rv == CKR_OK)
		p11_decode_token_info(raw, info);
	return rv;
}

P11_EXPORT CK_RV C_GetTokenInfo(CK_SLOT_ID slotID, CK_TOKEN_INFO_PTR pInfo)
{
	P11_GUARDED(token_info(slotID, pInfo));
}

static CK_RV mechanism_list(CK_SLOT_ID slot, CK_MECHANISM_TYPE_PTR list, CK_ULONG_PTR count)
{
	uint32_t id;

	if (!p11_u32(slot, &id))
		return CKR_SLOT_ID_INVALID;
	struct p11_buf b;

	p11_buf_init(&b);
	p11_buf_u32(&b, id);
	CK_RV rv = list_call(P11_CMD_MECHANISM_IDS, &b, list, count);

	p11_buf_free(&b);
	return rv;
}

P11_EXPORT CK_RV C_GetMechanismList(CK_SLOT_ID slotID, CK_MECHANISM_TYPE_PTR pMechanismList,
				    CK_ULONG_PTR pulCount)
{
	P11_GUARDED(mechanism_list(slotID, pMechanismList, pulCount));
}

static CK_RV mechanism_info(CK_SLOT_ID slot, CK_MECHANISM_TYPE type, CK_MECHANISM_INFO_PTR info)
{
	uint32_t id;
	uint32_t mech;
	uint8_t raw[P11_MECHANISM_INFO_BYTES];

	if (!info)
		return CKR_ARGUMENTS_BAD;
	if (!p11_u32(slot, &id))
		return CKR_SLOT_ID_INVALID;
	if (!p11_u32(type, &mech) || mech == P11_UNAVAILABLE32)
		return CKR_MECHANISM_INVALID;
	struct p11_buf b;

	p11_buf_init(&b);
	p11_buf_u32(&b, id);
	p11_buf_u32(&b, mech);
	CK_RV rv = p11_call_fixed(P11_CMD_MECHANISM_INFO, &b, raw, sizeof(raw));

	p11_buf_free(&b);
	if (rv == CKR_OK)
		p11_decode_mechanism_info(raw, info);
	return rv;
}

P11_EXPORT CK_RV C_GetMechanismInfo(CK_SLOT_ID slotID, CK_MECHANISM_TYPE type,
				    CK_MECHANISM_INFO_PTR pInfo)
{
	P11_GUARDED(mechanism_info(slotID, type, pInfo));
}

/* A PIN as the wire has it: u32 length, then the bytes (appended separately by callers). */
static bool pin_ok(CK_UTF8CHAR_PTR pin, CK_ULONG len)
{
	return (pin || !len) && len <= UINT32_MAX;
}

static CK_RV init_token(CK_SLOT_ID slot, CK_UTF8CHAR_PTR pin, CK_ULONG pin_len,
			CK_UTF8CHAR_PTR label)
{
	uint32_t id;

	if (!label || !pin_ok(pin, pin_len))
		return CKR_ARGUMENTS_BAD;
	if (!p11_u32(slot, &id))
		return CKR_SLOT_ID_INVALID;
	struct p11_buf b;
	struct p11_io io = { 0 };

	p11_buf_init(&b);
	p11_buf_u32(&b, id);
	p11_buf_u32(&b, (uint32_t)pin_len);
	p11_buf_bytes(&b, label, 32);
	p11_buf_bytes(&b, pin, pin_len);
	CK_RV rv = p11_call(P11_CMD_INIT_TOKEN, &b, &io);

	p11_buf_free(&b);
	return rv;
}

P11_EXPORT CK_RV C_InitToken(CK_SLOT_ID slotID, CK_UTF8CHAR_PTR pPin, CK_ULONG ulPinLen,
			     CK_UTF8CHAR_PTR pLabel)
{
	P11_GUARDED(init_token(slotID, pPin, ulPinLen, pLabel));
}

static CK_RV init_pin(CK_SESSION_HANDLE h, CK_UTF8CHAR_PTR pin, CK_ULONG len)
{
	uint32_t s;
	CK_RV rv = p11_session(h, &s);

	if (rv != CKR_OK)
		return rv;
	if (!pin_ok(pin, len))
		return CKR_ARGUMENTS_BAD;
	struct p11_buf b;
	struct p11_io io = { 0 };

	p11_buf_init(&b);
	p11_buf_u32(&b, s);
	p11_buf_u32(&b, (uint32_t)len);
	p11_buf_bytes(&b, pin, len);
	rv = p11_call(P11_CMD_INIT_PIN, &b, &io);
	p11_buf_free(&b);
	return rv;
}

P11_EXPORT CK_RV C_InitPIN(CK_SESSION_HANDLE hSession, CK_UTF8CHAR_PTR pPin, CK_ULONG ulPinLen)
{
	P11_GUARDED(init_pin(hSession, pPin, ulPinLen));
}

static CK_RV set_pin(CK_SESSION_HANDLE h, CK_UTF8CHAR_PTR old, CK_ULONG old_len,
		     CK_UTF8CHAR_PTR new_pin, CK_ULONG new_len)
{
	uint32_t s;
	CK_RV rv = p11_session(h, &s);

	if (rv != CKR_OK)
		return rv;
	if (!pin_ok(old, old_len) || !pin_ok(new_pin, new_len))
		return CKR_ARGUMENTS_BAD;
	struct p11_buf b;
	struct p11_io io = { 0 };

	p11_buf_init(&b);
	p11_buf_u32(&b, s);
	p11_buf_u32(&b, (uint32_t)old_len);
	p11_buf_u32(&b, (uint32_t)new_len);
	p11_buf_bytes(&b, old, old_len);
	p11_buf_bytes(&b, new_pin, new_len);
	rv = p11_call(P11_CMD_SET_PIN, &b, &io);
	p11_buf_free(&b);
	return rv;
}

P11_EXPORT CK_RV C_SetPIN(CK_SESSION_HANDLE hSession, CK_UTF8CHAR_PTR pOldPin, CK_ULONG ulOldLen,
			  CK_UTF8CHAR_PTR pNewPin, CK_ULONG ulNewLen)
{
	P11_GUARDED(set_pin(hSession, pOldPin, ulOldLen, pNewPin, ulNewLen));
}

static CK_RV open_session(CK_SLOT_ID slot, CK_FLAGS flags, CK_SESSION_HANDLE_PTR out)
{
	uint32_t id;
	uint8_t handle[4];

	if (!out)
		return CKR_ARGUMENTS_BAD;
	if (!(flags & CKF_SERIAL_SESSION))
		return CKR_SESSION_PARALLEL_NOT_SUPPORTED;
	if (flags & ~(CKF_SERIAL_SESSION | CKF_RW_SESSION))
		return CKR_ARGUMENTS_BAD;
	if (!p11_u32(slot, &id))
		return CKR_SLOT_ID_INVALID;
	struct p11_buf b;

	p11_buf_init(&b);
	p11_buf_u32(&b, id);
	p11_buf_u32(&b, (uint32_t)flags);
	CK_RV rv = p11_call_fixed(P11_CMD_OPEN_SESSION, &b, handle, sizeof(handle));

	p11_buf_free(&b);
	if (rv == CKR_OK)
		*out = p11_get_u32(handle);
	return rv;
}

P11_EXPORT CK_RV C_OpenSession(CK_SLOT_ID slotID, CK_FLAGS flags, CK_VOID_PTR pApplication,
			       CK_NOTIFY Notify, CK_SESSION_HANDLE_PTR phSession)
{
	(void)pApplication; /* the module never calls back: no surrender, no OTP events */
	(void)Notify;
	P11_GUARDED(open_session(slotID, flags, phSession));
}

P11_EXPORT CK_RV C_CloseSession(CK_SESSION_HANDLE hSession)
{
	P11_GUARDED(p11_session_cmd(P11_CMD_CLOSE_SESSION, hSession));
}

static CK_RV close_all(CK_SLOT_ID slot)
{
	uint32_t id;

	if (!p11_u32(slot, &id))
		return CKR_SLOT_ID_INVALID;
	struct p11_buf b;
	struct p11_io io = { 0 };

	p11_buf_init(&b);
	p11_buf_u32(&b, id);
	CK_RV rv = p11_call(P11_CMD_CLOSE_ALL_SESSIONS, &b, &io);

	p11_buf_free(&b);
	return rv;
}

P11_EXPORT CK_RV C_CloseAllSessions(CK_SLOT_ID slotID)
{
	P11_GUARDED(close_all(slotID));
}

static CK_RV session_info(CK_SESSION_HANDLE h, CK_SESSION_INFO_PTR info)
{
	uint32_t s;
	uint8_t raw[P11_SESSION_INFO_BYTES];
	CK_RV rv = p11_session(h, &s);

	if (rv != CKR_OK)
		return rv;
	if (!info)
		return CKR_ARGUMENTS_BAD;
	struct p11_buf b;

	p11_buf_init(&b);
	p11_buf_u32(&b, s);
	rv = p11_call_fixed(P11_CMD_SESSION_INFO, &b, raw, sizeof(raw));
	p11_buf_free(&b);
	if (rv == CKR_OK)
		p11_decode_session_info(raw, info);
	return rv;
}

P11_EXPORT CK_RV C_GetSessionInfo(CK_SESSION_HANDLE hSession, CK_SESSION_INFO_PTR pInfo)
{
	P11_GUARDED(session_info(hSession, pInfo));
}

static CK_RV login(CK_SESSION_HANDLE h, CK_USER_TYPE user, CK_UTF8CHAR_PTR pin, CK_ULONG len)
{
	uint32_t s;
	uint32_t type;
	CK_RV rv = p11_session(h, &s);

	if (rv != CKR_OK)
		return rv;
	if (!p11_u32(user, &type) || type == P11_UNAVAILABLE32)
		return CKR_USER_TYPE_INVALID;
	if (!pin_ok(pin, len))
		return CKR_ARGUMENTS_BAD;
	struct p11_buf b;
	struct p11_io io = { 0 };

	p11_buf_init(&b);
	p11_buf_u32(&b, s);
	p11_buf_u32(&b, type);
	p11_buf_u32(&b, (uint32_t)len);
	p11_buf_bytes(&b, pin, len);
	rv = p11_call(P11_CMD_LOGIN, &b, &io);
	p11_buf_free(&b);
	return rv;
}

P11_EXPORT CK_RV C_Login(CK_SESSION_HANDLE hSession, CK_USER_TYPE userType, CK_UTF8CHAR_PTR pPin,
			 CK_ULONG ulPinLen)
{
	P11_GUARDED(login(hSession, userType, pPin, ulPinLen));
}

/* PKCS#11 3.0: the TA's tokens have no named users, so only a login without a name works. */
static CK_RV login_user(CK_SESSION_HANDLE h, CK_USER_TYPE user, CK_UTF8CHAR_PTR pin,
			CK_ULONG len, CK_UTF8CHAR_PTR name, CK_ULONG name_len)
{
	if (name && name_len)
		return CKR_FUNCTION_NOT_SUPPORTED;
	return login(h, user, pin, len);
}

P11_EXPORT CK_RV C_LoginUser(CK_SESSION_HANDLE hSession, CK_USER_TYPE userType,
			     CK_UTF8CHAR_PTR pPin, CK_ULONG ulPinLen, CK_UTF8CHAR_PTR pUsername,
			     CK_ULONG ulUsernameLen)
{
	P11_GUARDED(login_user(hSession, userType, pPin, ulPinLen, pUsername, ulUsernameLen));
}

P11_EXPORT CK_RV C_Logout(CK_SESSION_HANDLE hSession)
{
	P11_GUARDED(p11_session_cmd(P11_CMD_LOGOUT, hSession));
}
