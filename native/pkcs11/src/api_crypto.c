/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Encryption, decryption, digests, signatures and MACs (PKCS#11 3.0 §5.8-5.13) as the TA's
 * INIT / UPDATE / FINAL / ONESHOT commands (ABI §3.1, §8.1).
 *
 * Inputs travel in p1, outputs in p2 (signatures to verify in p2 as an input). Whether an
 * empty input is sent as an empty p1 or as no p1 follows what the TA expects of each command
 * (ABI §3.1). An argument error detected here in a step (a NULL length pointer, a NULL buffer
 * with a length) ends the operation in the TA too, with RELEASE_ACTIVE_PROCESSING, as PKCS#11
 * says a failed step does.
 *
 * Multi-part updates without output (digest, sign, verify) are cut into chunks of
 * UPDATE_CHUNK bytes, which the mechanisms cannot tell from one update; a chunk with its
 * control buffer fits a channel the transport keeps pooled, so long updates allocate nothing.
 */
#include "p11.h"

#define UPDATE_CHUNK ((CK_ULONG)P11_CHANNEL_KEEP_BYTES / 2)
/* Room beyond the input a cipher step offers for its output at first (GCM adds a tag). */
#define OUTPUT_SLACK 64

static CK_RV init_call(uint32_t cmd, CK_SESSION_HANDLE h, CK_MECHANISM_PTR mech,
		       const CK_OBJECT_HANDLE *key)
{
	uint32_t s;
	uint32_t k = 0;
	CK_RV rv = p11_session(h, &s);

	if (rv == CKR_OK && key)
		rv = p11_handle(*key, CKR_KEY_HANDLE_INVALID, &k);
	if (rv != CKR_OK)
		return rv;
	if (!mech)
		return CKR_ARGUMENTS_BAD;
	struct p11_buf b;
	struct p11_io io = { 0 };

	p11_buf_init(&b);
	p11_buf_u32(&b, s);
	if (key)
		p11_buf_u32(&b, k);
	p11_ser_mechanism(&b, mech);
	rv = p11_call(cmd, &b, &io);
	p11_buf_free(&b);
	return rv;
}

P11_EXPORT CK_RV C_EncryptInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
			       CK_OBJECT_HANDLE hKey)
{
	P11_GUARDED(init_call(P11_CMD_ENCRYPT_INIT, hSession, pMechanism, &hKey));
}

P11_EXPORT CK_RV C_DecryptInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
			       CK_OBJECT_HANDLE hKey)
{
	P11_GUARDED(init_call(P11_CMD_DECRYPT_INIT, hSession, pMechanism, &hKey));
}

P11_EXPORT CK_RV C_SignInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
			    CK_OBJECT_HANDLE hKey)
{
	P11_GUARDED(init_call(P11_CMD_SIGN_INIT, hSession, pMechanism, &hKey));
}

P11_EXPORT CK_RV C_VerifyInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
			      CK_OBJECT_HANDLE hKey)
{
	P11_GUARDED(init_call(P11_CMD_VERIFY_INIT, hSession, pMechanism, &hKey));
}

P11_EXPORT CK_RV C_DigestInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism)
{
	P11_GUARDED(init_call(P11_CMD_DIGEST_INIT, hSession, pMechanism, NULL));
}

/* How a step sends an empty input. */
enum empty_input { EMPTY_IS_ABSENT, EMPTY_IS_PRESENT, NULL_IS_ABSENT };

/*
 * One step: session, input (in, in_len) in p1, output to (out, *out_len) in p2 when out_len
 * is given, else no p2.
 */
static CK_RV step(uint32_t cmd, CK_SESSION_HANDLE h, const void *in, CK_ULONG in_len,
		  enum empty_input empty, CK_BYTE_PTR out, CK_ULONG_PTR out_len, bool has_out)
{
	uint32_t s;
	CK_RV rv = p11_session(h, &s);

	if (rv != CKR_OK)
		return rv;
	if ((!in && in_len) || (has_out && !out_len)) {
		p11_release_operation(s, cmd);
		return CKR_ARGUMENTS_BAD;
	}
	struct p11_buf b;
	struct p11_io io = { .in = in, .in_len = in_len };

	switch (empty) {
	case EMPTY_IS_ABSENT: io.in_present = in_len != 0; break;
	case EMPTY_IS_PRESENT: io.in_present = true; break;
	case NULL_IS_ABSENT: io.in_present = in != NULL; break;
	}
	p11_buf_init(&b);
	p11_buf_u32(&b, s);
	if (has_out)
		rv = p11_call_out(cmd, &b, &io, out, out_len, (size_t)in_len + OUTPUT_SLACK);
	else
		rv = p11_call(cmd, &b, &io);
	p11_buf_free(&b);
	return rv;
}

/* A step without output over input of any size, in chunks. */
static CK_RV update(uint32_t cmd, CK_SESSION_HANDLE h, const CK_BYTE *in, CK_ULONG len,
		    enum empty_input empty)
{
	CK_RV rv = step(cmd, h, in, len < UPDATE_CHUNK ? len : UPDATE_CHUNK, empty, NULL, NULL,
			false);

	for (CK_ULONG done = UPDATE_CHUNK; rv == CKR_OK && done < len; done += UPDATE_CHUNK) {
		CK_ULONG n = len - done < UPDATE_CHUNK ? len - done : UPDATE_CHUNK;

		rv = step(cmd, h, in + done, n, empty, NULL, NULL, false);
	}
	return rv;
}

P11_EXPORT CK_RV C_Encrypt(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen,
			   CK_BYTE_PTR pEncryptedData, CK_ULONG_PTR pulEncryptedDataLen)
{
	P11_GUARDED(step(P11_CMD_ENCRYPT_ONESHOT, hSession, pData, ulDataLen, NULL_IS_ABSENT,
			 pEncryptedData, pulEncryptedDataLen, true));
}

P11_EXPORT CK_RV C_EncryptUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart,
				 CK_ULONG ulPartLen, CK_BYTE_PTR pEncryptedPart,
				 CK_ULONG_PTR pulEncryptedPartLen)
{
	P11_GUARDED(step(P11_CMD_ENCRYPT_UPDATE, hSession, pPart, ulPartLen, EMPTY_IS_ABSENT,
			 pEncryptedPart, pulEncryptedPartLen, true));
}

P11_EXPORT CK_RV C_EncryptFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pLastEncryptedPart,
				CK_ULONG_PTR pulLastEncryptedPartLen)
{
	P11_GUARDED(step(P11_CMD_ENCRYPT_FINAL, hSession, NULL, 0, EMPTY_IS_ABSENT,
			 pLastEncryptedPart, pulLastEncryptedPartLen, true));
}

P11_EXPORT CK_RV C_Decrypt(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pEncryptedData,
			   CK_ULONG ulEncryptedDataLen, CK_BYTE_PTR pData, CK_ULONG_PTR pulDataLen)
{
	P11_GUARDED(step(P11_CMD_DECRYPT_ONESHOT, hSession, pEncryptedData, ulEncryptedDataLen,
			 NULL_IS_ABSENT, pData, pulDataLen, true));
}

P11_EXPORT CK_RV C_DecryptUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pEncryptedPart,
				 CK_ULONG ulEncryptedPartLen, CK_BYTE_PTR pPart,
				 CK_ULONG_PTR pulPartLen)
{
	P11_GUARDED(step(P11_CMD_DECRYPT_UPDATE, hSession, pEncryptedPart, ulEncryptedPartLen,
			 EMPTY_IS_ABSENT, pPart, pulPartLen, true));
}

P11_EXPORT CK_RV C_DecryptFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pLastPart,
				CK_ULONG_PTR pulLastPartLen)
{
	P11_GUARDED(step(P11_CMD_DECRYPT_FINAL, hSession, NULL, 0, EMPTY_IS_ABSENT, pLastPart,
			 pulLastPartLen, true));
}

P11_EXPORT CK_RV C_Digest(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen,
			  CK_BYTE_PTR pDigest, CK_ULONG_PTR pulDigestLen)
{
	P11_GUARDED(step(P11_CMD_DIGEST_ONESHOT, hSession, pData, ulDataLen, EMPTY_IS_ABSENT,
			 pDigest, pulDigestLen, true));
}

P11_EXPORT CK_RV C_DigestUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen)
{
	P11_GUARDED(update(P11_CMD_DIGEST_UPDATE, hSession, pPart, ulPartLen, EMPTY_IS_ABSENT));
}

static CK_RV digest_key(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE key)
{
	uint32_t s;
	uint32_t k;
	CK_RV rv = p11_session(h, &s);

	if (rv == CKR_OK)
		rv = p11_handle(key, CKR_KEY_HANDLE_INVALID, &k);
	if (rv != CKR_OK)
		return rv;
	struct p11_buf b;
	struct p11_io io = { 0 };

	p11_buf_init(&b);
	p11_buf_u32(&b, s);
	p11_buf_u32(&b, k);
	rv = p11_call(P11_CMD_DIGEST_KEY, &b, &io);
	p11_buf_free(&b);
	return rv;
}

P11_EXPORT CK_RV C_DigestKey(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hKey)
{
	P11_GUARDED(digest_key(hSession, hKey));
}

P11_EXPORT CK_RV C_DigestFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pDigest,
			       CK_ULONG_PTR pulDigestLen)
{
	P11_GUARDED(step(P11_CMD_DIGEST_FINAL, hSession, NULL, 0, EMPTY_IS_ABSENT, pDigest,
			 pulDigestLen, true));
}

P11_EXPORT CK_RV C_Sign(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen,
			CK_BYTE_PTR pSignature, CK_ULONG_PTR pulSignatureLen)
{
	P11_GUARDED(step(P11_CMD_SIGN_ONESHOT, hSession, pData, ulDataLen, EMPTY_IS_ABSENT,
			 pSignature, pulSignatureLen, true));
}

P11_EXPORT CK_RV C_SignUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen)
{
	P11_GUARDED(update(P11_CMD_SIGN_UPDATE, hSession, pPart, ulPartLen, EMPTY_IS_PRESENT));
}

P11_EXPORT CK_RV C_SignFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSignature,
			     CK_ULONG_PTR pulSignatureLen)
{
	P11_GUARDED(step(P11_CMD_SIGN_FINAL, hSession, NULL, 0, EMPTY_IS_ABSENT, pSignature,
			 pulSignatureLen, true));
}

/* VERIFY_ONESHOT / VERIFY_FINAL: the signature goes to the TA as p2, an input. */
static CK_RV verify(uint32_t cmd, CK_SESSION_HANDLE h, const void *data, CK_ULONG len,
		    const void *sig, CK_ULONG sig_len)
{
	uint32_t s;
	CK_RV rv = p11_session(h, &s);

	if (rv != CKR_OK)
		return rv;
	if ((!data && len) || (!sig && sig_len)) {
		p11_release_operation(s, cmd);
		return CKR_ARGUMENTS_BAD;
	}
	struct p11_buf b;
	struct p11_io io = { .in = data, .in_len = len, .in_present = len != 0,
			     .p2_type = P11_P2_IN, .p2_in = sig, .p2_in_len = sig_len };

	p11_buf_init(&b);
	p11_buf_u32(&b, s);
	rv = p11_call(cmd, &b, &io);
	p11_buf_free(&b);
	return rv;
}

P11_EXPORT CK_RV C_Verify(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen,
			  CK_BYTE_PTR pSignature, CK_ULONG ulSignatureLen)
{
	P11_GUARDED(verify(P11_CMD_VERIFY_ONESHOT, hSession, pData, ulDataLen, pSignature,
			   ulSignatureLen));
}

P11_EXPORT CK_RV C_VerifyUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen)
{
	P11_GUARDED(update(P11_CMD_VERIFY_UPDATE, hSession, pPart, ulPartLen, EMPTY_IS_PRESENT));
}

P11_EXPORT CK_RV C_VerifyFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSignature,
			       CK_ULONG ulSignatureLen)
{
	P11_GUARDED(verify(P11_CMD_VERIFY_FINAL, hSession, NULL, 0, pSignature, ulSignatureLen));
}
