/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Mechanisms on the wire (ABI §4.6):
 *
 *   MECH = mechanism:u32  param_size:u32  param[param_size]
 *
 * The parameter blob flattens the mechanism's C structure into u32 fields and byte strings in
 * the structure's order (pointers replaced by a length and the bytes):
 *
 *   AES_CBC, AES_CBC_PAD, AES_CTS,     iv bytes as given
 *   AES_KEY_WRAP(_PAD/_KWP)
 *   AES_CTR                            counter_bits:u32  cb[16]   (128 bits sent as 1)
 *   AES_GCM                            iv_len:u32 iv  aad_len:u32 aad  tag_bits:u32
 *   AES_ECB_ENCRYPT_DATA               len:u32 data
 *   AES_CBC_ENCRYPT_DATA               iv[16]  len:u32 data
 *   ECDH1_DERIVE, ECDH1_COFACTOR_...   kdf:u32  shared_len:u32 shared  public_len:u32 public
 *   RSA_PKCS_PSS, SHAx_RSA_PKCS_PSS    hash:u32  mgf:u32  salt_len:u32
 *   RSA_PKCS_OAEP                      hash:u32  mgf:u32  source:u32  source_len:u32 source
 *                                      (source 0 without data sent as CKZ_DATA_SPECIFIED)
 *   RSA_AES_KEY_WRAP                   aes_bits:u32  then RSA_PKCS_OAEP's blob
 *   EDDSA                              ph_flag:u32  ctx_len:u32 ctx   ({0, 0} without parameter)
 *   *_HMAC_GENERAL, AES_CMAC_GENERAL   mac_len:u32
 *   ML_DSA (PKCS#11 3.2)               hedge:u32  ctx_len:u32 ctx     (empty without parameter)
 *   everything else                    empty. A parameter given anyway is
 *                                      CKR_MECHANISM_PARAM_INVALID for a mechanism known to take
 *                                      none, CKR_MECHANISM_INVALID for one the module does not know
 */
#include <string.h>

#include "p11.h"

/* Reads the application's parameter structure of type T into a local copy, or fails. */
#define PARAM_AS(T, var)                                                  \
	T var;                                                            \
	if (m->ulParameterLen != sizeof(T) || !m->pParameter) {           \
		p11_buf_fail(b, CKR_MECHANISM_PARAM_INVALID);             \
		return;                                                   \
	}                                                                 \
	memcpy(&var, m->pParameter, sizeof(T))

static void put_ulong(struct p11_buf *b, CK_ULONG v)
{
	uint32_t w;

	if (!p11_u32(v, &w) || w == P11_UNAVAILABLE32) {
		p11_buf_fail(b, CKR_MECHANISM_PARAM_INVALID);
		return;
	}
	p11_buf_u32(b, w);
}

/* A length and its bytes; a NULL pointer with a length is invalid. */
static void put_data(struct p11_buf *b, const void *p, CK_ULONG len)
{
	if (len && !p) {
		p11_buf_fail(b, CKR_MECHANISM_PARAM_INVALID);
		return;
	}
	put_ulong(b, len);
	if (b->rv == CKR_OK)
		p11_buf_bytes(b, p, len);
}

static void put_raw(struct p11_buf *b, const CK_MECHANISM *m)
{
	if ((m->ulParameterLen && !m->pParameter) || m->ulParameterLen > UINT32_MAX) {
		p11_buf_fail(b, CKR_MECHANISM_PARAM_INVALID);
		return;
	}
	p11_buf_bytes(b, m->pParameter, m->ulParameterLen);
}

/*
 * OP-TEE's TA takes only a counter width of 1 and then increments the whole 128-bit block, as
 * GP's TEE_ALG_AES_CTR does: that is the standard's ulCounterBits of 128, which consumers
 * (SunPKCS11, OpenSC) pass, so 128 is sent as the TA's 1. Other widths go as they are.
 */
static void put_ctr(struct p11_buf *b, const CK_MECHANISM *m)
{
	PARAM_AS(CK_AES_CTR_PARAMS, p);
	put_ulong(b, p.ulCounterBits == 128 ? 1 : p.ulCounterBits);
	p11_buf_bytes(b, p.cb, sizeof(p.cb));
}

/* The 2.40 errata's CK_GCM_PARAMS, without ulIvBits, which some consumers still pass. */
struct gcm_params_v240 {
	CK_BYTE_PTR pIv;
	CK_ULONG ulIvLen;
	CK_BYTE_PTR pAAD;
	CK_ULONG ulAADLen;
	CK_ULONG ulTagBits;
};

static void put_gcm(struct p11_buf *b, const CK_MECHANISM *m)
{
	CK_GCM_PARAMS p;

	if (m->pParameter && m->ulParameterLen == sizeof(CK_GCM_PARAMS)) {
		memcpy(&p, m->pParameter, sizeof(p));
	} else if (m->pParameter && m->ulParameterLen == sizeof(struct gcm_params_v240)) {
		struct gcm_params_v240 old;

		memcpy(&old, m->pParameter, sizeof(old));
		p = (CK_GCM_PARAMS){ .pIv = old.pIv, .ulIvLen = old.ulIvLen, .pAAD = old.pAAD,
				     .ulAADLen = old.ulAADLen, .ulTagBits = old.ulTagBits };
	} else {
		p11_buf_fail(b, CKR_MECHANISM_PARAM_INVALID);
		return;
	}
	if (!p.pIv) {
		p11_buf_fail(b, CKR_MECHANISM_PARAM_INVALID);
		return;
	}
	put_data(b, p.pIv, p.ulIvLen);
	put_data(b, p.pAAD, p.pAAD ? p.ulAADLen : 0);
	put_ulong(b, p.ulTagBits);
}

static void put_ecdh(struct p11_buf *b, const CK_MECHANISM *m)
{
	PARAM_AS(CK_ECDH1_DERIVE_PARAMS, p);
	put_ulong(b, p.kdf);
	put_data(b, p.pSharedData, p.ulSharedDataLen);
	put_data(b, p.pPublicData, p.ulPublicDataLen);
}

static void put_pss(struct p11_buf *b, const CK_MECHANISM *m)
{
	PARAM_AS(CK_RSA_PKCS_PSS_PARAMS, p);
	put_ulong(b, p.hashAlg);
	put_ulong(b, p.mgf);
	put_ulong(b, p.sLen);
}

/*
 * A source of 0 with no data is how some consumers (OpenSC) say "no label"; the TA takes only
 * CKZ_DATA_SPECIFIED, whose empty label means the same, so that is sent.
 */
static void put_oaep_fields(struct p11_buf *b, const CK_RSA_PKCS_OAEP_PARAMS *p)
{
	bool no_label = p->source == 0 && p->ulSourceDataLen == 0;

	put_ulong(b, p->hashAlg);
	put_ulong(b, p->mgf);
	put_ulong(b, no_label ? CKZ_DATA_SPECIFIED : p->source);
	put_data(b, p->pSourceData, p->ulSourceDataLen);
}

static void put_oaep(struct p11_buf *b, const CK_MECHANISM *m)
{
	PARAM_AS(CK_RSA_PKCS_OAEP_PARAMS, p);
	put_oaep_fields(b, &p);
}

static void put_rsa_aes_wrap(struct p11_buf *b, const CK_MECHANISM *m)
{
	PARAM_AS(CK_RSA_AES_KEY_WRAP_PARAMS, p);
	if (!p.pOAEPParams) {
		p11_buf_fail(b, CKR_MECHANISM_PARAM_INVALID);
		return;
	}
	CK_RSA_PKCS_OAEP_PARAMS oaep;

	memcpy(&oaep, p.pOAEPParams, sizeof(oaep));
	put_ulong(b, p.ulAESKeyBits);
	put_oaep_fields(b, &oaep);
}

static void put_eddsa(struct p11_buf *b, const CK_MECHANISM *m)
{
	if (!m->pParameter && !m->ulParameterLen) {
		p11_buf_u32(b, 0);
		p11_buf_u32(b, 0);
		return;
	}
	PARAM_AS(CK_EDDSA_PARAMS, p);
	p11_buf_u32(b, p.phFlag ? 1 : 0);
	put_data(b, p.pContextData, p.ulContextDataLen);
}

static void put_ml_dsa(struct p11_buf *b, const CK_MECHANISM *m)
{
	if (!m->pParameter && !m->ulParameterLen)
		return;
	PARAM_AS(CK_SIGN_ADDITIONAL_CONTEXT, p);
	put_ulong(b, p.hedgeVariant);
	put_data(b, p.pContext, p.ulContextLen);
}

static void put_ecb_data(struct p11_buf *b, const CK_MECHANISM *m)
{
	PARAM_AS(CK_KEY_DERIVATION_STRING_DATA, p);
	put_data(b, p.pData, p.ulLen);
}

static void put_cbc_data(struct p11_buf *b, const CK_MECHANISM *m)
{
	PARAM_AS(CK_AES_CBC_ENCRYPT_DATA_PARAMS, p);
	p11_buf_bytes(b, p.iv, sizeof(p.iv));
	put_data(b, p.pData, p.length);
}

static void put_mac_length(struct p11_buf *b, const CK_MECHANISM *m)
{
	PARAM_AS(CK_MAC_GENERAL_PARAMS, p);
	put_ulong(b, p);
}

/* Mechanisms without a parameter that the module knows. */
static bool takes_no_parameter(CK_MECHANISM_TYPE t)
{
	switch (t) {
	case CKM_RSA_PKCS_KEY_PAIR_GEN: case CKM_RSA_PKCS: case CKM_RSA_X_509:
	case CKM_MD5_RSA_PKCS: case CKM_SHA1_RSA_PKCS: case CKM_SHA224_RSA_PKCS:
	case CKM_SHA256_RSA_PKCS: case CKM_SHA384_RSA_PKCS: case CKM_SHA512_RSA_PKCS:
	case CKM_MD5: case CKM_SHA_1: case CKM_SHA224: case CKM_SHA256: case CKM_SHA384:
	case CKM_SHA512:
	case CKM_MD5_HMAC: case CKM_SHA_1_HMAC: case CKM_SHA224_HMAC: case CKM_SHA256_HMAC:
	case CKM_SHA384_HMAC: case CKM_SHA512_HMAC:
	case CKM_GENERIC_SECRET_KEY_GEN: case CKM_AES_KEY_GEN: case CKM_AES_ECB:
	case CKM_AES_CMAC: case CKM_EC_KEY_PAIR_GEN: case CKM_EC_EDWARDS_KEY_PAIR_GEN:
	case CKM_ECDSA: case CKM_ECDSA_SHA1: case CKM_ECDSA_SHA224: case CKM_ECDSA_SHA256:
	case CKM_ECDSA_SHA384: case CKM_ECDSA_SHA512:
	case CKM_ML_DSA_KEY_PAIR_GEN: case CKM_ML_KEM_KEY_PAIR_GEN: case CKM_ML_KEM:
		return true;
	default:
		return false;
	}
}

static void put_parameter(struct p11_buf *b, const CK_MECHANISM *m)
{
	switch (m->mechanism) {
	case CKM_AES_CBC: case CKM_AES_CBC_PAD: case CKM_AES_CTS:
	case CKM_AES_KEY_WRAP: case CKM_AES_KEY_WRAP_PAD: case CKM_AES_KEY_WRAP_KWP:
		put_raw(b, m);
		return;
	case CKM_AES_CTR: put_ctr(b, m); return;
	case CKM_AES_GCM: put_gcm(b, m); return;
	case CKM_AES_ECB_ENCRYPT_DATA: put_ecb_data(b, m); return;
	case CKM_AES_CBC_ENCRYPT_DATA: put_cbc_data(b, m); return;
	case CKM_ECDH1_DERIVE: case CKM_ECDH1_COFACTOR_DERIVE: put_ecdh(b, m); return;
	case CKM_RSA_PKCS_PSS: case CKM_SHA1_RSA_PKCS_PSS: case CKM_SHA224_RSA_PKCS_PSS:
	case CKM_SHA256_RSA_PKCS_PSS: case CKM_SHA384_RSA_PKCS_PSS: case CKM_SHA512_RSA_PKCS_PSS:
		put_pss(b, m);
		return;
	case CKM_RSA_PKCS_OAEP: put_oaep(b, m); return;
	case CKM_RSA_AES_KEY_WRAP: put_rsa_aes_wrap(b, m); return;
	case CKM_EDDSA: put_eddsa(b, m); return;
	case CKM_ML_DSA: put_ml_dsa(b, m); return;
	case CKM_MD5_HMAC_GENERAL: case CKM_SHA_1_HMAC_GENERAL: case CKM_SHA224_HMAC_GENERAL:
	case CKM_SHA256_HMAC_GENERAL: case CKM_SHA384_HMAC_GENERAL: case CKM_SHA512_HMAC_GENERAL:
	case CKM_AES_CMAC_GENERAL:
		put_mac_length(b, m);
		return;
	default:
		break;
	}
	if (m->ulParameterLen)
		p11_buf_fail(b, takes_no_parameter(m->mechanism) ? CKR_MECHANISM_PARAM_INVALID
								 : CKR_MECHANISM_INVALID);
}

void p11_ser_mechanism(struct p11_buf *b, const CK_MECHANISM *m)
{
	uint32_t id;

	if (!m) {
		p11_buf_fail(b, CKR_ARGUMENTS_BAD);
		return;
	}
	if (!p11_u32(m->mechanism, &id) || id == P11_UNAVAILABLE32) {
		p11_buf_fail(b, CKR_MECHANISM_INVALID);
		return;
	}
	p11_buf_u32(b, id);
	size_t size_at = b->len;

	p11_buf_reserve(b, 4);
	put_parameter(b, m);
	if (b->rv == CKR_OK)
		p11_put_u32(b->data + size_at, (uint32_t)(b->len - size_at - 4));
}
