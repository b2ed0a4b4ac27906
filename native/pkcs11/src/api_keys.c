/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Key management and random numbers (PKCS#11 3.0 §5.14-5.15), and key encapsulation
 * (PKCS#11 3.2, ML-KEM):
 *
 *   GENERATE_KEY       session, MECH, ATTRS                     p2: handle (4)
 *   GENERATE_KEY_PAIR  session, MECH, ATTRS public, ATTRS private  p2: public, private (8)
 *   WRAP_KEY           session, wrapping key, key, MECH         p2: the wrapped key
 *   UNWRAP_KEY         session, unwrapping key, MECH, ATTRS     p1: wrapped key, p2: handle
 *   DERIVE_KEY         session, base key, MECH, ATTRS           p2: handle
 *   ENCAPSULATE_KEY    session, public key, MECH, ATTRS         p1 (out): handle, p2: ciphertext
 *   DECAPSULATE_KEY    session, private key, MECH, ATTRS        p1: ciphertext, p2: handle
 *   SEED_RANDOM        session                                  p1: seed
 *   GENERATE_RANDOM    session                                  p2: filled whole
 */
#include <string.h>

#include "p11.h"

#define RANDOM_CHUNK (1u << 20)
/* Room for an ML-KEM-1024 ciphertext (1568 bytes), with margin. */
#define ENCAPSULATE_HINT 4096

/* The control buffer's start: session, then a key handle that must fit in 32 bits. */
static CK_RV start(struct p11_buf *b, CK_SESSION_HANDLE h, const CK_OBJECT_HANDLE *key,
		   CK_RV key_invalid)
{
	uint32_t s;
	uint32_t k = 0;
	CK_RV rv = p11_session(h, &s);

	if (rv == CKR_OK && key)
		rv = p11_handle(*key, key_invalid, &k);
	if (rv != CKR_OK)
		return rv;
	p11_buf_init(b);
	p11_buf_u32(b, s);
	if (key)
		p11_buf_u32(b, k);
	return CKR_OK;
}

/* Sends b (freed here) with p1 = in when given, and reads one new handle from p2. */
static CK_RV handle_call(uint32_t cmd, struct p11_buf *b, const void *in, size_t in_len,
			 CK_OBJECT_HANDLE_PTR out)
{
	uint8_t raw[4];
	struct p11_io io = { .in = in, .in_len = in_len, .in_present = in != NULL,
			     .p2_type = P11_P2_OUT, .out = raw, .out_cap = sizeof(raw) };
	CK_RV rv = p11_call(cmd, b, &io);

	p11_buf_free(b);
	if (rv == CKR_OK && io.out_len != sizeof(raw))
		rv = CKR_DEVICE_ERROR;
	if (rv == CKR_OK)
		*out = p11_get_u32(raw);
	return rv;
}

static CK_RV generate_key(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mech, CK_ATTRIBUTE_PTR t,
			  CK_ULONG n, CK_OBJECT_HANDLE_PTR out)
{
	struct p11_buf b;
	CK_RV rv = start(&b, h, NULL, 0);

	if (rv != CKR_OK)
		return rv;
	if (!mech || !out) {
		p11_buf_free(&b);
		return CKR_ARGUMENTS_BAD;
	}
	p11_ser_mechanism(&b, mech);
	p11_ser_template(&b, t, n);
	return handle_call(P11_CMD_GENERATE_KEY, &b, NULL, 0, out);
}

P11_EXPORT CK_RV C_GenerateKey(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
			       CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount,
			       CK_OBJECT_HANDLE_PTR phKey)
{
	P11_GUARDED(generate_key(hSession, pMechanism, pTemplate, ulCount, phKey));
}

static CK_RV generate_pair(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mech, CK_ATTRIBUTE_PTR pub,
			   CK_ULONG pub_n, CK_ATTRIBUTE_PTR priv, CK_ULONG priv_n,
			   CK_OBJECT_HANDLE_PTR pub_out, CK_OBJECT_HANDLE_PTR priv_out)
{
	struct p11_buf b;
	uint8_t raw[8];
	CK_RV rv = start(&b, h, NULL, 0);

	if (rv != CKR_OK)
		return rv;
	if (!mech || !pub_out || !priv_out) {
		p11_buf_free(&b);
		return CKR_ARGUMENTS_BAD;
	}
	p11_ser_mechanism(&b, mech);
	p11_ser_template(&b, pub, pub_n);
	p11_ser_template(&b, priv, priv_n);
	rv = p11_call_fixed(P11_CMD_GENERATE_KEY_PAIR, &b, raw, sizeof(raw));
	p11_buf_free(&b);
	if (rv == CKR_OK) {
		*pub_out = p11_get_u32(raw);
		*priv_out = p11_get_u32(raw + 4);
	}
	return rv;
}

P11_EXPORT CK_RV C_GenerateKeyPair(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
				   CK_ATTRIBUTE_PTR pPublicKeyTemplate,
				   CK_ULONG ulPublicKeyAttributeCount,
				   CK_ATTRIBUTE_PTR pPrivateKeyTemplate,
				   CK_ULONG ulPrivateKeyAttributeCount,
				   CK_OBJECT_HANDLE_PTR phPublicKey,
				   CK_OBJECT_HANDLE_PTR phPrivateKey)
{
	P11_GUARDED(generate_pair(hSession, pMechanism, pPublicKeyTemplate,
				  ulPublicKeyAttributeCount, pPrivateKeyTemplate,
				  ulPrivateKeyAttributeCount, phPublicKey, phPrivateKey));
}

static CK_RV wrap_key(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mech, CK_OBJECT_HANDLE wrapping,
		      CK_OBJECT_HANDLE key, CK_BYTE_PTR out, CK_ULONG_PTR out_len)
{
	struct p11_buf b;
	uint32_t k;
	CK_RV rv = start(&b, h, &wrapping, CKR_WRAPPING_KEY_HANDLE_INVALID);

	if (rv != CKR_OK)
		return rv;
	rv = p11_handle(key, CKR_KEY_HANDLE_INVALID, &k);
	if (rv == CKR_OK && (!mech || !out_len))
		rv = CKR_ARGUMENTS_BAD;
	if (rv == CKR_OK) {
		struct p11_io io = { 0 };

		p11_buf_u32(&b, k);
		p11_ser_mechanism(&b, mech);
		rv = p11_call_out(P11_CMD_WRAP_KEY, &b, &io, out, out_len, 0);
	}
	p11_buf_free(&b);
	return rv;
}

P11_EXPORT CK_RV C_WrapKey(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
			   CK_OBJECT_HANDLE hWrappingKey, CK_OBJECT_HANDLE hKey,
			   CK_BYTE_PTR pWrappedKey, CK_ULONG_PTR pulWrappedKeyLen)
{
	P11_GUARDED(wrap_key(hSession, pMechanism, hWrappingKey, hKey, pWrappedKey,
			     pulWrappedKeyLen));
}

/* UNWRAP_KEY, DERIVE_KEY, DECAPSULATE_KEY: key, MECH, ATTRS; maybe p1; one new handle. */
static CK_RV key_to_key(uint32_t cmd, CK_SESSION_HANDLE h, CK_MECHANISM_PTR mech,
			CK_OBJECT_HANDLE key, CK_RV key_invalid, const void *in, CK_ULONG in_len,
			CK_ATTRIBUTE_PTR t, CK_ULONG n, CK_OBJECT_HANDLE_PTR out)
{
	struct p11_buf b;
	CK_RV rv = start(&b, h, &key, key_invalid);

	if (rv != CKR_OK)
		return rv;
	if (!mech || !out || (cmd != P11_CMD_DERIVE_KEY && !in)) {
		p11_buf_free(&b);
		return CKR_ARGUMENTS_BAD;
	}
	p11_ser_mechanism(&b, mech);
	p11_ser_template(&b, t, n);
	return handle_call(cmd, &b, in, in_len, out);
}

P11_EXPORT CK_RV C_UnwrapKey(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
			     CK_OBJECT_HANDLE hUnwrappingKey, CK_BYTE_PTR pWrappedKey,
			     CK_ULONG ulWrappedKeyLen, CK_ATTRIBUTE_PTR pTemplate,
			     CK_ULONG ulAttributeCount, CK_OBJECT_HANDLE_PTR phKey)
{
	P11_GUARDED(key_to_key(P11_CMD_UNWRAP_KEY, hSession, pMechanism, hUnwrappingKey,
			       CKR_UNWRAPPING_KEY_HANDLE_INVALID, pWrappedKey, ulWrappedKeyLen,
			       pTemplate, ulAttributeCount, phKey));
}

P11_EXPORT CK_RV C_DeriveKey(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
			     CK_OBJECT_HANDLE hBaseKey, CK_ATTRIBUTE_PTR pTemplate,
			     CK_ULONG ulAttributeCount, CK_OBJECT_HANDLE_PTR phKey)
{
	P11_GUARDED(key_to_key(P11_CMD_DERIVE_KEY, hSession, pMechanism, hBaseKey,
			       CKR_KEY_HANDLE_INVALID, NULL, 0, pTemplate, ulAttributeCount, phKey));
}

P11_EXPORT CK_RV C_DecapsulateKey(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
				  CK_OBJECT_HANDLE hPrivateKey, CK_ATTRIBUTE_PTR pTemplate,
				  CK_ULONG ulAttributeCount, CK_BYTE_PTR pCiphertext,
				  CK_ULONG ulCiphertextLen, CK_OBJECT_HANDLE_PTR phKey)
{
	P11_GUARDED(key_to_key(P11_CMD_DECAPSULATE_KEY, hSession, pMechanism, hPrivateKey,
			       CKR_KEY_HANDLE_INVALID, pCiphertext, ulCiphertextLen, pTemplate,
			       ulAttributeCount, phKey));
}

static CK_RV encapsulate(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mech, CK_OBJECT_HANDLE pub,
			 CK_ATTRIBUTE_PTR t, CK_ULONG n, CK_BYTE_PTR ct, CK_ULONG_PTR ct_len,
			 CK_OBJECT_HANDLE_PTR key)
{
	struct p11_buf b;
	CK_RV rv = start(&b, h, &pub, CKR_KEY_HANDLE_INVALID);

	if (rv != CKR_OK)
		return rv;
	if (!mech || !ct_len || !key) {
		p11_buf_free(&b);
		return CKR_ARGUMENTS_BAD;
	}
	p11_ser_mechanism(&b, mech);
	p11_ser_template(&b, t, n);
	uint8_t handle[4];
	struct p11_io io = { .in_out = handle, .in_len = sizeof(handle) };

	rv = p11_call_out(P11_CMD_ENCAPSULATE_KEY, &b, &io, ct, ct_len, ENCAPSULATE_HINT);
	p11_buf_free(&b);
	if (rv == CKR_OK && ct)
		*key = p11_get_u32(handle);
	return rv;
}

P11_EXPORT CK_RV C_EncapsulateKey(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
				  CK_OBJECT_HANDLE hPublicKey, CK_ATTRIBUTE_PTR pTemplate,
				  CK_ULONG ulAttributeCount, CK_BYTE_PTR pCiphertext,
				  CK_ULONG_PTR pulCiphertextLen, CK_OBJECT_HANDLE_PTR phKey)
{
	P11_GUARDED(encapsulate(hSession, pMechanism, hPublicKey, pTemplate, ulAttributeCount,
				pCiphertext, pulCiphertextLen, phKey));
}

static CK_RV seed_random(CK_SESSION_HANDLE h, CK_BYTE_PTR seed, CK_ULONG len)
{
	struct p11_buf b;
	CK_RV rv = start(&b, h, NULL, 0);

	if (rv != CKR_OK)
		return rv;
	if (!seed && len) {
		p11_buf_free(&b);
		return CKR_ARGUMENTS_BAD;
	}
	struct p11_io io = { .in = seed, .in_len = len, .in_present = true };

	rv = p11_call(P11_CMD_SEED_RANDOM, &b, &io);
	p11_buf_free(&b);
	return rv;
}

P11_EXPORT CK_RV C_SeedRandom(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSeed, CK_ULONG ulSeedLen)
{
	P11_GUARDED(seed_random(hSession, pSeed, ulSeedLen));
}

static CK_RV generate_random(CK_SESSION_HANDLE h, CK_BYTE_PTR out, CK_ULONG len)
{
	struct p11_buf b;
	CK_RV rv = start(&b, h, NULL, 0);

	if (rv != CKR_OK)
		return rv;
	if (!out && len)
		rv = CKR_ARGUMENTS_BAD;
	for (CK_ULONG done = 0; rv == CKR_OK && (done < len || len == 0); done += RANDOM_CHUNK) {
		size_t n = len - done < RANDOM_CHUNK ? (size_t)(len - done) : RANDOM_CHUNK;
		struct p11_io io = { .p2_type = P11_P2_OUT, .out = out ? out + done : NULL,
				     .out_cap = n };

		rv = p11_call(P11_CMD_GENERATE_RANDOM, &b, &io);
		if (rv == CKR_OK && io.out_len != n)
			rv = CKR_DEVICE_ERROR;
		if (len == 0)
			break;
	}
	p11_buf_free(&b);
	return rv;
}

P11_EXPORT CK_RV C_GenerateRandom(CK_SESSION_HANDLE hSession, CK_BYTE_PTR RandomData,
				  CK_ULONG ulRandomLen)
{
	P11_GUARDED(generate_random(hSession, RandomData, ulRandomLen));
}
