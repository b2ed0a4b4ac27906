/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The function tables and interfaces (PKCS#11 3.0 §5.4): C_GetFunctionList gives the 2.40
 * table (version 2.40); C_GetInterfaceList and C_GetInterface offer "PKCS 11" 3.0 (the default,
 * listed first) and "PKCS 11" 2.40. Neither interface is flagged fork safe: a child process
 * calls C_Initialize again (module.c).
 *
 * Also here: the functions the TA has no command for, which answer as libckteec's do, and
 * C_SessionCancel.
 */
#include <string.h>

#include "p11.h"

CK_RV p11_get_info_v240(CK_INFO_PTR pInfo);

#define TABLE_ENTRY(name, args) .name = name,

/* The 2.40 table is the 3.0 table's first part, except that its C_GetInfo reports 2.40. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
CK_FUNCTION_LIST p11_function_list = {
	.version = { 2, 40 },
	JTEE_P11_V2_FUNCTIONS(TABLE_ENTRY)
	.C_GetInfo = p11_get_info_v240,
};
#pragma GCC diagnostic pop

CK_FUNCTION_LIST_3_0 p11_function_list_3_0 = {
	.version = { 3, 0 },
	JTEE_P11_V2_FUNCTIONS(TABLE_ENTRY)
	JTEE_P11_V3_FUNCTIONS(TABLE_ENTRY)
};

static CK_INTERFACE interfaces[] = {
	{ (CK_CHAR *)"PKCS 11", &p11_function_list_3_0, 0 },
	{ (CK_CHAR *)"PKCS 11", &p11_function_list, 0 },
};

#define INTERFACE_COUNT (sizeof(interfaces) / sizeof(interfaces[0]))

P11_EXPORT CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR ppFunctionList)
{
	if (!ppFunctionList)
		return CKR_ARGUMENTS_BAD;
	*ppFunctionList = &p11_function_list;
	return CKR_OK;
}

P11_EXPORT CK_RV C_GetInterfaceList(CK_INTERFACE_PTR pInterfacesList, CK_ULONG_PTR pulCount)
{
	if (!pulCount)
		return CKR_ARGUMENTS_BAD;
	if (!pInterfacesList) {
		*pulCount = INTERFACE_COUNT;
		return CKR_OK;
	}
	if (*pulCount < INTERFACE_COUNT) {
		*pulCount = INTERFACE_COUNT;
		return CKR_BUFFER_TOO_SMALL;
	}
	memcpy(pInterfacesList, interfaces, sizeof(interfaces));
	*pulCount = INTERFACE_COUNT;
	return CKR_OK;
}

P11_EXPORT CK_RV C_GetInterface(CK_UTF8CHAR_PTR pInterfaceName, CK_VERSION_PTR pVersion,
				CK_INTERFACE_PTR_PTR ppInterface, CK_FLAGS flags)
{
	if (!ppInterface)
		return CKR_ARGUMENTS_BAD;
	for (size_t i = 0; i < INTERFACE_COUNT; i++) {
		const CK_INTERFACE *it = &interfaces[i];
		const CK_VERSION *v = it->pFunctionList; /* every table starts with its version */

		if (pInterfaceName &&
		    strcmp((const char *)pInterfaceName, (const char *)it->pInterfaceName) != 0)
			continue;
		if (pVersion && (pVersion->major != v->major || pVersion->minor != v->minor))
			continue;
		if ((it->flags & flags) != flags)
			continue;
		*ppInterface = &interfaces[i];
		return CKR_OK;
	}
	return CKR_ARGUMENTS_BAD;
}

/* ---- Functions the TA does not provide ------------------------------------------------- */

P11_NOT_SUPPORTED(C_GetOperationState, (CK_SESSION_HANDLE h, CK_BYTE_PTR s, CK_ULONG_PTR n),
	      (void)h, (void)s, (void)n)
P11_NOT_SUPPORTED(C_SetOperationState, (CK_SESSION_HANDLE h, CK_BYTE_PTR s, CK_ULONG n,
				    CK_OBJECT_HANDLE e, CK_OBJECT_HANDLE a),
	      (void)h, (void)s, (void)n, (void)e, (void)a)
P11_NOT_SUPPORTED(C_SignRecoverInit, (CK_SESSION_HANDLE h, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE k),
	      (void)h, (void)m, (void)k)
P11_NOT_SUPPORTED(C_SignRecover, (CK_SESSION_HANDLE h, CK_BYTE_PTR d, CK_ULONG n, CK_BYTE_PTR s,
			      CK_ULONG_PTR sn),
	      (void)h, (void)d, (void)n, (void)s, (void)sn)
P11_NOT_SUPPORTED(C_VerifyRecoverInit, (CK_SESSION_HANDLE h, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE k),
	      (void)h, (void)m, (void)k)
P11_NOT_SUPPORTED(C_VerifyRecover, (CK_SESSION_HANDLE h, CK_BYTE_PTR s, CK_ULONG n, CK_BYTE_PTR d,
				CK_ULONG_PTR dn),
	      (void)h, (void)s, (void)n, (void)d, (void)dn)
P11_NOT_SUPPORTED(C_DigestEncryptUpdate, (CK_SESSION_HANDLE h, CK_BYTE_PTR p, CK_ULONG n,
				      CK_BYTE_PTR e, CK_ULONG_PTR en),
	      (void)h, (void)p, (void)n, (void)e, (void)en)
P11_NOT_SUPPORTED(C_DecryptDigestUpdate, (CK_SESSION_HANDLE h, CK_BYTE_PTR e, CK_ULONG n,
				      CK_BYTE_PTR p, CK_ULONG_PTR pn),
	      (void)h, (void)e, (void)n, (void)p, (void)pn)
P11_NOT_SUPPORTED(C_SignEncryptUpdate, (CK_SESSION_HANDLE h, CK_BYTE_PTR p, CK_ULONG n,
				    CK_BYTE_PTR e, CK_ULONG_PTR en),
	      (void)h, (void)p, (void)n, (void)e, (void)en)
P11_NOT_SUPPORTED(C_DecryptVerifyUpdate, (CK_SESSION_HANDLE h, CK_BYTE_PTR e, CK_ULONG n,
				      CK_BYTE_PTR p, CK_ULONG_PTR pn),
	      (void)h, (void)e, (void)n, (void)p, (void)pn)
P11_NOT_SUPPORTED(C_WaitForSlotEvent, (CK_FLAGS f, CK_SLOT_ID_PTR s, CK_VOID_PTR r),
	      (void)f, (void)s, (void)r)

/* Legacy functions of parallel sessions, which PKCS#11 2.x retired (PKCS#11 3.0 §5.20). */
P11_EXPORT CK_RV C_GetFunctionStatus(CK_SESSION_HANDLE hSession)
{
	(void)hSession;
	P11_GUARDED(CKR_FUNCTION_NOT_PARALLEL);
}

P11_EXPORT CK_RV C_CancelFunction(CK_SESSION_HANDLE hSession)
{
	(void)hSession;
	P11_GUARDED(CKR_FUNCTION_NOT_PARALLEL);
}

/* ---- C_SessionCancel (PKCS#11 3.0 §5.6) ------------------------------------------------ */

/* Ends the session's operations of the kinds flags names; none active is no error. */
static CK_RV session_cancel(CK_SESSION_HANDLE h, CK_FLAGS flags)
{
	static const struct { CK_FLAGS flag; uint32_t cmd; } kinds[] = {
		{ CKF_ENCRYPT, P11_CMD_ENCRYPT_UPDATE }, { CKF_DECRYPT, P11_CMD_DECRYPT_UPDATE },
		{ CKF_DIGEST, P11_CMD_DIGEST_UPDATE }, { CKF_SIGN, P11_CMD_SIGN_UPDATE },
		{ CKF_VERIFY, P11_CMD_VERIFY_UPDATE },
	};
	uint32_t s;
	CK_RV rv = p11_session(h, &s);

	for (size_t i = 0; rv == CKR_OK && i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (!(flags & kinds[i].flag))
			continue;
		struct p11_buf b;
		struct p11_io io = { 0 };

		p11_buf_init(&b);
		p11_buf_u32(&b, s);
		p11_buf_u32(&b, kinds[i].cmd);
		rv = p11_call(P11_CMD_RELEASE_ACTIVE_PROCESSING, &b, &io);
		p11_buf_free(&b);
		if (rv == CKR_OPERATION_NOT_INITIALIZED)
			rv = CKR_OK;
	}
	if (rv == CKR_OK && (flags & CKF_FIND_OBJECTS)) {
		rv = p11_session_cmd(P11_CMD_FIND_OBJECTS_FINAL, h);
		if (rv == CKR_OPERATION_NOT_INITIALIZED)
			rv = CKR_OK;
	}
	return rv;
}

P11_EXPORT CK_RV C_SessionCancel(CK_SESSION_HANDLE hSession, CK_FLAGS flags)
{
	P11_GUARDED(session_cancel(hSession, flags));
}
