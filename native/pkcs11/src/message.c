/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PKCS#11 3.0's message-based encryption and signing (§5.9, §5.11, §5.13, §5.15). OP-TEE's
 * TA ABI has no message commands, and an emulation over its single operation per session
 * would make a message operation and an ordinary one exclude each other in ways the standard
 * does not allow, so these answer CKR_FUNCTION_NOT_SUPPORTED; mechanism flags never advertise
 * CKF_MESSAGE_*.
 */
#include "p11.h"

P11_NOT_SUPPORTED(C_MessageEncryptInit, (CK_SESSION_HANDLE h, CK_MECHANISM_PTR m,
					 CK_OBJECT_HANDLE k),
		  (void)h, (void)m, (void)k)
P11_NOT_SUPPORTED(C_EncryptMessage, (CK_SESSION_HANDLE h, CK_VOID_PTR p, CK_ULONG pn,
				     CK_BYTE_PTR a, CK_ULONG an, CK_BYTE_PTR d, CK_ULONG dn,
				     CK_BYTE_PTR o, CK_ULONG_PTR on),
		  (void)h, (void)p, (void)pn, (void)a, (void)an, (void)d, (void)dn, (void)o,
		  (void)on)
P11_NOT_SUPPORTED(C_EncryptMessageBegin, (CK_SESSION_HANDLE h, CK_VOID_PTR p, CK_ULONG pn,
					  CK_BYTE_PTR a, CK_ULONG an),
		  (void)h, (void)p, (void)pn, (void)a, (void)an)
P11_NOT_SUPPORTED(C_EncryptMessageNext, (CK_SESSION_HANDLE h, CK_VOID_PTR p, CK_ULONG pn,
					 CK_BYTE_PTR d, CK_ULONG dn, CK_BYTE_PTR o,
					 CK_ULONG_PTR on, CK_FLAGS f),
		  (void)h, (void)p, (void)pn, (void)d, (void)dn, (void)o, (void)on, (void)f)
P11_NOT_SUPPORTED(C_MessageEncryptFinal, (CK_SESSION_HANDLE h), (void)h)
P11_NOT_SUPPORTED(C_MessageDecryptInit, (CK_SESSION_HANDLE h, CK_MECHANISM_PTR m,
					 CK_OBJECT_HANDLE k),
		  (void)h, (void)m, (void)k)
P11_NOT_SUPPORTED(C_DecryptMessage, (CK_SESSION_HANDLE h, CK_VOID_PTR p, CK_ULONG pn,
				     CK_BYTE_PTR a, CK_ULONG an, CK_BYTE_PTR d, CK_ULONG dn,
				     CK_BYTE_PTR o, CK_ULONG_PTR on),
		  (void)h, (void)p, (void)pn, (void)a, (void)an, (void)d, (void)dn, (void)o,
		  (void)on)
P11_NOT_SUPPORTED(C_DecryptMessageBegin, (CK_SESSION_HANDLE h, CK_VOID_PTR p, CK_ULONG pn,
					  CK_BYTE_PTR a, CK_ULONG an),
		  (void)h, (void)p, (void)pn, (void)a, (void)an)
P11_NOT_SUPPORTED(C_DecryptMessageNext, (CK_SESSION_HANDLE h, CK_VOID_PTR p, CK_ULONG pn,
					 CK_BYTE_PTR d, CK_ULONG dn, CK_BYTE_PTR o,
					 CK_ULONG_PTR on, CK_FLAGS f),
		  (void)h, (void)p, (void)pn, (void)d, (void)dn, (void)o, (void)on, (void)f)
P11_NOT_SUPPORTED(C_MessageDecryptFinal, (CK_SESSION_HANDLE h), (void)h)
P11_NOT_SUPPORTED(C_MessageSignInit, (CK_SESSION_HANDLE h, CK_MECHANISM_PTR m,
				      CK_OBJECT_HANDLE k),
		  (void)h, (void)m, (void)k)
P11_NOT_SUPPORTED(C_SignMessage, (CK_SESSION_HANDLE h, CK_VOID_PTR p, CK_ULONG pn,
				  CK_BYTE_PTR d, CK_ULONG dn, CK_BYTE_PTR s, CK_ULONG_PTR sn),
		  (void)h, (void)p, (void)pn, (void)d, (void)dn, (void)s, (void)sn)
P11_NOT_SUPPORTED(C_SignMessageBegin, (CK_SESSION_HANDLE h, CK_VOID_PTR p, CK_ULONG pn),
		  (void)h, (void)p, (void)pn)
P11_NOT_SUPPORTED(C_SignMessageNext, (CK_SESSION_HANDLE h, CK_VOID_PTR p, CK_ULONG pn,
				      CK_BYTE_PTR d, CK_ULONG dn, CK_BYTE_PTR s, CK_ULONG_PTR sn),
		  (void)h, (void)p, (void)pn, (void)d, (void)dn, (void)s, (void)sn)
P11_NOT_SUPPORTED(C_MessageSignFinal, (CK_SESSION_HANDLE h), (void)h)
P11_NOT_SUPPORTED(C_MessageVerifyInit, (CK_SESSION_HANDLE h, CK_MECHANISM_PTR m,
					CK_OBJECT_HANDLE k),
		  (void)h, (void)m, (void)k)
P11_NOT_SUPPORTED(C_VerifyMessage, (CK_SESSION_HANDLE h, CK_VOID_PTR p, CK_ULONG pn,
				    CK_BYTE_PTR d, CK_ULONG dn, CK_BYTE_PTR s, CK_ULONG sn),
		  (void)h, (void)p, (void)pn, (void)d, (void)dn, (void)s, (void)sn)
P11_NOT_SUPPORTED(C_VerifyMessageBegin, (CK_SESSION_HANDLE h, CK_VOID_PTR p, CK_ULONG pn),
		  (void)h, (void)p, (void)pn)
P11_NOT_SUPPORTED(C_VerifyMessageNext, (CK_SESSION_HANDLE h, CK_VOID_PTR p, CK_ULONG pn,
					CK_BYTE_PTR d, CK_ULONG dn, CK_BYTE_PTR s, CK_ULONG sn),
		  (void)h, (void)p, (void)pn, (void)d, (void)dn, (void)s, (void)sn)
P11_NOT_SUPPORTED(C_MessageVerifyFinal, (CK_SESSION_HANDLE h), (void)h)
