/* SPDX-License-Identifier: Apache-2.0 */
/*
 * End-to-end test of libjtee-pkcs11.so against a running jtee core with the PKCS#11 TA: loads
 * the module with dlopen and uses only its function table, as a consumer does.
 *
 *   p11_e2e <module.so> [slot]        (the core: $JTEE_SOCKET, as for every jtee client)
 *
 * It initialises the token in `slot` (default: the last slot) and sets both PINs, then goes
 * through sessions and login, objects (create, find, get and set attributes, copy, destroy),
 * key generation (AES, generic secret, RSA, EC P-256), signatures (RSA PKCS#1 and PSS, ECDSA,
 * HMAC), encryption (AES ECB/CBC/CTR/GCM, RSA OAEP), digests, wrap and unwrap, derivation
 * (AES_ECB_ENCRYPT_DATA, ECDH), random numbers, the 3.0 interface, and eight threads signing
 * at once. Each case prints "ok <case>" or "not ok <case>: ..."; the exit status is 0 when
 * every case passed.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jtee/pkcs11.h>

static CK_FUNCTION_LIST_PTR f;
static CK_SLOT_ID slot;
static int failures;
static const char *current_case;
static bool case_failed;

static const char SO_PIN[] = "so-pin-0001";
static const char USER_PIN[] = "user-pin-0001";
static const char NEW_USER_PIN[] = "user-pin-0002";

#define PIN(p) (CK_UTF8CHAR_PTR)(p), (CK_ULONG)strlen(p)

#define EXPECT(expr, want)                                                           \
	do {                                                                         \
		CK_RV got_ = (expr);                                                 \
		if (got_ != (CK_RV)(want)) {                                         \
			printf("not ok %s: line %d: %s = 0x%lx, want 0x%lx\n",       \
			       current_case, __LINE__, #expr, got_, (CK_RV)(want));  \
			case_failed = true;                                          \
			return;                                                      \
		}                                                                    \
	} while (0)
#define OK(expr) EXPECT(expr, CKR_OK)
#define CHECK(cond)                                                                  \
	do {                                                                         \
		if (!(cond)) {                                                       \
			printf("not ok %s: line %d: %s\n", current_case, __LINE__, #cond); \
			case_failed = true;                                          \
			return;                                                      \
		}                                                                    \
	} while (0)

static void run(const char *name, void (*test)(void))
{
	current_case = name;
	case_failed = false;
	test();
	if (slot != CK_UNAVAILABLE_INFORMATION)
		f->C_CloseAllSessions(slot); /* what a failed case left open */
	if (case_failed)
		failures++;
	else
		printf("ok %s\n", name);
	fflush(stdout);
}

static CK_BBOOL yes = CK_TRUE;
static CK_BBOOL no = CK_FALSE;

/* A R/W session on the test slot, logged in as the user. */
static CK_RV user_session(CK_SESSION_HANDLE *h)
{
	CK_RV rv = f->C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL, NULL, h);

	if (rv != CKR_OK)
		return rv;
	rv = f->C_Login(*h, CKU_USER, PIN(NEW_USER_PIN));
	return rv == CKR_USER_ALREADY_LOGGED_IN ? CKR_OK : rv;
}

static void slots_and_token(void)
{
	CK_ULONG n = 0;
	CK_SLOT_ID slots[16];
	CK_TOKEN_INFO token;
	CK_SLOT_INFO si;
	CK_INFO info;

	OK(f->C_GetInfo(&info));
	CHECK(info.cryptokiVersion.major == 2 && info.cryptokiVersion.minor == 40);
	OK(f->C_GetSlotList(CK_TRUE, NULL, &n));
	CHECK(n >= 1 && n <= 16);
	OK(f->C_GetSlotList(CK_TRUE, slots, &n));
	if (slot == CK_UNAVAILABLE_INFORMATION)
		slot = slots[n - 1];
	OK(f->C_GetSlotInfo(slot, &si));
	CHECK(si.flags & CKF_TOKEN_PRESENT);
	OK(f->C_GetTokenInfo(slot, &token));
	CHECK(token.flags & CKF_RNG);
	CHECK(token.ulMaxPinLen >= token.ulMinPinLen);
	EXPECT(f->C_GetTokenInfo(0xFFFFFF, &token), CKR_SLOT_ID_INVALID);
}

static void mechanisms(void)
{
	CK_ULONG n = 0;
	CK_MECHANISM_TYPE list[128];
	CK_MECHANISM_INFO mi;

	OK(f->C_GetMechanismList(slot, NULL, &n));
	CHECK(n > 10 && n <= 128);
	OK(f->C_GetMechanismList(slot, list, &n));
	OK(f->C_GetMechanismInfo(slot, CKM_AES_GCM, &mi));
	CHECK(mi.flags & CKF_ENCRYPT);
	OK(f->C_GetMechanismInfo(slot, CKM_SHA256_RSA_PKCS, &mi));
	CHECK(mi.flags & CKF_SIGN);
	EXPECT(f->C_GetMechanismInfo(slot, CKM_VENDOR_DEFINED | 0x1234, &mi), CKR_MECHANISM_INVALID);
}

static void init_token_and_pins(void)
{
	CK_UTF8CHAR label[32];
	CK_SESSION_HANDLE h;
	CK_TOKEN_INFO token;

	memset(label, ' ', sizeof(label));
	memcpy(label, "jtee e2e", 8);
	OK(f->C_InitToken(slot, PIN(SO_PIN), label));
	OK(f->C_GetTokenInfo(slot, &token));
	CHECK(token.flags & CKF_TOKEN_INITIALIZED);
	CHECK(memcmp(token.label, label, 32) == 0);
	OK(f->C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL, NULL, &h));
	EXPECT(f->C_Login(h, CKU_SO, PIN("wrong-so-pin")), CKR_PIN_INCORRECT);
	OK(f->C_Login(h, CKU_SO, PIN(SO_PIN)));
	OK(f->C_InitPIN(h, PIN(USER_PIN)));
	OK(f->C_Logout(h));
	EXPECT(f->C_Logout(h), CKR_USER_NOT_LOGGED_IN);
	OK(f->C_Login(h, CKU_USER, PIN(USER_PIN)));
	EXPECT(f->C_Login(h, CKU_USER, PIN(USER_PIN)), CKR_USER_ALREADY_LOGGED_IN);
	OK(f->C_SetPIN(h, PIN(USER_PIN), PIN(NEW_USER_PIN)));
	OK(f->C_Logout(h));
	OK(f->C_Login(h, CKU_USER, PIN(NEW_USER_PIN)));
	OK(f->C_GetTokenInfo(slot, &token));
	CHECK(token.flags & CKF_USER_PIN_INITIALIZED);
	OK(f->C_CloseSession(h));
}

static void sessions(void)
{
	CK_SESSION_HANDLE ro, rw;
	CK_SESSION_INFO info;

	EXPECT(f->C_OpenSession(slot, CKF_RW_SESSION, NULL, NULL, &rw),
	       CKR_SESSION_PARALLEL_NOT_SUPPORTED);
	OK(f->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, &ro));
	OK(f->C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL, NULL, &rw));
	OK(f->C_GetSessionInfo(ro, &info));
	CHECK(info.state == CKS_RO_PUBLIC_SESSION && info.slotID == slot);
	OK(f->C_Login(rw, CKU_USER, PIN(NEW_USER_PIN)));
	OK(f->C_GetSessionInfo(ro, &info)); /* login applies to every session of the application */
	CHECK(info.state == CKS_RO_USER_FUNCTIONS);
	OK(f->C_GetSessionInfo(rw, &info));
	CHECK(info.state == CKS_RW_USER_FUNCTIONS && (info.flags & CKF_RW_SESSION));
	OK(f->C_CloseSession(ro));
	EXPECT(f->C_GetSessionInfo(ro, &info), CKR_SESSION_HANDLE_INVALID);
	OK(f->C_CloseAllSessions(slot));
	EXPECT(f->C_GetSessionInfo(rw, &info), CKR_SESSION_HANDLE_INVALID);
}

static void objects(void)
{
	CK_SESSION_HANDLE h;
	CK_OBJECT_CLASS data = CKO_DATA, cls = 0;
	CK_OBJECT_HANDLE obj, copy, found[8];
	CK_ULONG n = 0, size = 0;
	char label[16];
	CK_ATTRIBUTE t[] = {
		{ CKA_CLASS, &data, sizeof(data) },
		{ CKA_TOKEN, &yes, 1 },
		{ CKA_LABEL, "e2e-data", 8 },
		{ CKA_VALUE, "hello", 5 },
	};
	CK_ATTRIBUTE query[] = {
		{ CKA_CLASS, &cls, sizeof(cls) },
		{ CKA_LABEL, NULL, 0 },
		{ CKA_VALUE, NULL, 0 },
	};
	CK_ATTRIBUTE relabel[] = { { CKA_LABEL, "e2e-renamed", 11 } };
	CK_ATTRIBUTE by_label[] = { { CKA_LABEL, "e2e-renamed", 11 } };

	OK(user_session(&h));
	OK(f->C_CreateObject(h, t, 4, &obj));
	OK(f->C_GetObjectSize(h, obj, &size));
	CHECK(size > 0);
	OK(f->C_GetAttributeValue(h, obj, query, 3));
	CHECK(cls == CKO_DATA && query[0].ulValueLen == sizeof(CK_ULONG));
	CHECK(query[1].ulValueLen == 8 && query[2].ulValueLen == 5);
	query[1].pValue = label;
	query[1].ulValueLen = 4;
	EXPECT(f->C_GetAttributeValue(h, obj, query, 2), CKR_BUFFER_TOO_SMALL);
	CHECK(query[1].ulValueLen == CK_UNAVAILABLE_INFORMATION);
	query[1].ulValueLen = sizeof(label);
	OK(f->C_GetAttributeValue(h, obj, query, 2));
	CHECK(query[1].ulValueLen == 8 && memcmp(label, "e2e-data", 8) == 0);
	OK(f->C_SetAttributeValue(h, obj, relabel, 1));
	OK(f->C_CopyObject(h, obj, NULL, 0, &copy));
	OK(f->C_FindObjectsInit(h, by_label, 1));
	OK(f->C_FindObjects(h, found, 8, &n));
	CHECK(n == 2);
	OK(f->C_FindObjects(h, found, 8, &n));
	CHECK(n == 0);
	OK(f->C_FindObjectsFinal(h));
	OK(f->C_DestroyObject(h, copy));
	OK(f->C_DestroyObject(h, obj));
	EXPECT(f->C_DestroyObject(h, obj), CKR_OBJECT_HANDLE_INVALID);
	EXPECT(f->C_GetAttributeValue(h, obj, query, 1), CKR_OBJECT_HANDLE_INVALID);
	OK(f->C_CloseSession(h));
}

static CK_RV aes_key(CK_SESSION_HANDLE h, CK_ULONG bytes, CK_BBOOL extractable,
		     CK_OBJECT_HANDLE *key)
{
	CK_MECHANISM gen = { CKM_AES_KEY_GEN, NULL, 0 };
	CK_ATTRIBUTE t[] = {
		{ CKA_VALUE_LEN, &bytes, sizeof(bytes) }, { CKA_ENCRYPT, &yes, 1 },
		{ CKA_DECRYPT, &yes, 1 }, { CKA_WRAP, &yes, 1 }, { CKA_UNWRAP, &yes, 1 },
		{ CKA_EXTRACTABLE, &extractable, 1 }, { CKA_SENSITIVE, &no, 1 },
	};

	return f->C_GenerateKey(h, &gen, t, 7, key);
}

/* Encrypts msg with mech and decrypts it again, one-shot and in parts, checking the round trip. */
static void cipher_round_trip(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE key, CK_MECHANISM *mech,
			      const CK_BYTE *msg, CK_ULONG len)
{
	CK_BYTE ct[256], pt[256];
	CK_ULONG ct_len = 0, pt_len = sizeof(pt), part = sizeof(ct), total = 0;

	OK(f->C_EncryptInit(h, mech, key));
	OK(f->C_Encrypt(h, (CK_BYTE_PTR)msg, len, NULL, &ct_len)); /* size query */
	CHECK(ct_len >= len && ct_len <= sizeof(ct));
	OK(f->C_Encrypt(h, (CK_BYTE_PTR)msg, len, ct, &ct_len));
	OK(f->C_DecryptInit(h, mech, key));
	OK(f->C_Decrypt(h, ct, ct_len, pt, &pt_len));
	CHECK(pt_len == len && memcmp(pt, msg, len) == 0);
	/* in two parts */
	OK(f->C_DecryptInit(h, mech, key));
	OK(f->C_DecryptUpdate(h, ct, 16, pt, &part));
	total = part;
	part = sizeof(pt) - total;
	OK(f->C_DecryptUpdate(h, ct + 16, ct_len - 16, pt + total, &part));
	total += part;
	part = sizeof(pt) - total;
	OK(f->C_DecryptFinal(h, pt + total, &part));
	total += part;
	CHECK(total == len && memcmp(pt, msg, len) == 0);
}

static void aes_ciphers(void)
{
	CK_SESSION_HANDLE h;
	CK_OBJECT_HANDLE key;
	CK_BYTE msg[64], iv[16] = { 7 };
	CK_AES_CTR_PARAMS ctr = { 1, { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 } };
	CK_GCM_PARAMS gcm = { iv, 12, 96, (CK_BYTE_PTR) "aad", 3, 128 };
	CK_MECHANISM ecb = { CKM_AES_ECB, NULL, 0 };
	CK_MECHANISM cbc = { CKM_AES_CBC, iv, 16 };
	CK_MECHANISM ctr_m = { CKM_AES_CTR, &ctr, sizeof(ctr) };
	CK_MECHANISM gcm_m = { CKM_AES_GCM, &gcm, sizeof(gcm) };

	for (size_t i = 0; i < sizeof(msg); i++)
		msg[i] = (CK_BYTE)i;
	OK(user_session(&h));
	OK(aes_key(h, 16, CK_TRUE, &key));
	cipher_round_trip(h, key, &ecb, msg, 64);
	cipher_round_trip(h, key, &cbc, msg, 64);
	cipher_round_trip(h, key, &ctr_m, msg, 37);
	cipher_round_trip(h, key, &gcm_m, msg, 40);
	if (case_failed)
		return;
	/* a tampered GCM ciphertext does not decrypt */
	CK_BYTE ct[80], pt[80];
	CK_ULONG ct_len = sizeof(ct), pt_len = sizeof(pt);

	OK(f->C_EncryptInit(h, &gcm_m, key));
	OK(f->C_Encrypt(h, msg, 40, ct, &ct_len));
	CHECK(ct_len == 56);
	ct[3] ^= 1;
	OK(f->C_DecryptInit(h, &gcm_m, key));
	EXPECT(f->C_Decrypt(h, ct, ct_len, pt, &pt_len), CKR_SIGNATURE_INVALID);
	/* an operation is one at a time */
	OK(f->C_EncryptInit(h, &ecb, key));
	EXPECT(f->C_EncryptInit(h, &ecb, key), CKR_OPERATION_ACTIVE);
	EXPECT(f->C_DecryptUpdate(h, msg, 16, pt, &pt_len), CKR_OPERATION_NOT_INITIALIZED);
	OK(f->C_CloseSession(h));
}

/* What SunPKCS11 does: no AAD, no size query, exact buffers, a session for each direction. */
static void aes_gcm_as_sunpkcs11_does(void)
{
	CK_SESSION_HANDLE he, hd;
	CK_OBJECT_HANDLE key;
	CK_BYTE iv[12] = { 9, 8, 7 }, msg[43], ct[59], pt[43];
	CK_GCM_PARAMS gcm = { iv, 12, 96, NULL, 0, 128 };
	CK_MECHANISM m = { CKM_AES_GCM, &gcm, sizeof(gcm) };
	CK_AES_CTR_PARAMS ctr = { 128, { 1 } };
	CK_MECHANISM ctr_m = { CKM_AES_CTR, &ctr, sizeof(ctr) };
	CK_ULONG ct_len = sizeof(ct), pt_len = sizeof(pt);

	memset(msg, 'm', sizeof(msg));
	OK(user_session(&he));
	OK(f->C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL, NULL, &hd));
	OK(aes_key(he, 16, CK_TRUE, &key));
	OK(f->C_EncryptInit(he, &m, key));
	OK(f->C_Encrypt(he, msg, sizeof(msg), ct, &ct_len));
	CHECK(ct_len == 59);
	OK(f->C_DecryptInit(hd, &m, key));
	OK(f->C_Decrypt(hd, ct, ct_len, pt, &pt_len));
	CHECK(pt_len == 43 && memcmp(pt, msg, 43) == 0);
	ct_len = sizeof(ct);
	pt_len = sizeof(pt);
	OK(f->C_EncryptInit(he, &ctr_m, key));
	OK(f->C_Encrypt(he, msg, sizeof(msg), ct, &ct_len));
	OK(f->C_DecryptInit(hd, &ctr_m, key));
	OK(f->C_Decrypt(hd, ct, ct_len, pt, &pt_len));
	CHECK(pt_len == 43 && memcmp(pt, msg, 43) == 0);
}

static void digests(void)
{
	static const CK_BYTE abc_sha256[32] = {
		0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae,
		0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61,
		0xf2, 0x00, 0x15, 0xad
	};
	CK_SESSION_HANDLE h;
	CK_MECHANISM sha = { CKM_SHA256, NULL, 0 };
	CK_BYTE out[64];
	CK_ULONG len = 0;

	OK(f->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, &h));
	OK(f->C_DigestInit(h, &sha));
	OK(f->C_Digest(h, (CK_BYTE_PTR) "abc", 3, NULL, &len));
	CHECK(len == 32);
	len = 16;
	EXPECT(f->C_Digest(h, (CK_BYTE_PTR) "abc", 3, out, &len), CKR_BUFFER_TOO_SMALL);
	CHECK(len == 32);
	OK(f->C_Digest(h, (CK_BYTE_PTR) "abc", 3, out, &len));
	CHECK(len == 32 && memcmp(out, abc_sha256, 32) == 0);
	OK(f->C_DigestInit(h, &sha));
	OK(f->C_DigestUpdate(h, (CK_BYTE_PTR) "a", 1));
	OK(f->C_DigestUpdate(h, (CK_BYTE_PTR) "bc", 2));
	len = sizeof(out);
	OK(f->C_DigestFinal(h, out, &len));
	CHECK(len == 32 && memcmp(out, abc_sha256, 32) == 0);
	/* 1 MiB through shared memory */
	CK_BYTE *big = calloc(1, 1 << 20);

	CHECK(big != NULL);
	OK(f->C_DigestInit(h, &sha));
	len = sizeof(out);
	CK_RV rv = f->C_Digest(h, big, 1 << 20, out, &len);

	free(big);
	OK(rv);
	CHECK(len == 32);
	OK(f->C_CloseSession(h));
}

/* Signs msg with mech and the private key, verifies with the public one, and a tampered copy. */
static void sign_verify(CK_SESSION_HANDLE h, CK_MECHANISM *mech, CK_OBJECT_HANDLE priv,
			CK_OBJECT_HANDLE pub, CK_ULONG want_len)
{
	CK_BYTE sig[4700]; /* ML-DSA-87: 4627 bytes */
	CK_ULONG len = 0;
	CK_BYTE msg[] = "message to sign";

	OK(f->C_SignInit(h, mech, priv));
	OK(f->C_Sign(h, msg, sizeof(msg), NULL, &len));
	CHECK(len == want_len && len <= sizeof(sig));
	OK(f->C_Sign(h, msg, sizeof(msg), sig, &len));
	OK(f->C_VerifyInit(h, mech, pub));
	OK(f->C_Verify(h, msg, sizeof(msg), sig, len));
	OK(f->C_VerifyInit(h, mech, pub));
	OK(f->C_VerifyUpdate(h, msg, 5));
	OK(f->C_VerifyUpdate(h, msg + 5, sizeof(msg) - 5));
	OK(f->C_VerifyFinal(h, sig, len));
	sig[len / 2] ^= 0x40;
	OK(f->C_VerifyInit(h, mech, pub));
	EXPECT(f->C_Verify(h, msg, sizeof(msg), sig, len), CKR_SIGNATURE_INVALID);
}

static CK_RV rsa_pair(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE *pub, CK_OBJECT_HANDLE *priv)
{
	CK_MECHANISM gen = { CKM_RSA_PKCS_KEY_PAIR_GEN, NULL, 0 };
	CK_ULONG bits = 2048;
	CK_BYTE e[] = { 1, 0, 1 };
	CK_ATTRIBUTE pt[] = {
		{ CKA_MODULUS_BITS, &bits, sizeof(bits) }, { CKA_PUBLIC_EXPONENT, e, 3 },
		{ CKA_VERIFY, &yes, 1 }, { CKA_ENCRYPT, &yes, 1 }, { CKA_WRAP, &yes, 1 },
		{ CKA_ID, "rsa", 3 },
	};
	CK_ATTRIBUTE st[] = {
		{ CKA_SIGN, &yes, 1 }, { CKA_DECRYPT, &yes, 1 }, { CKA_UNWRAP, &yes, 1 },
		{ CKA_PRIVATE, &yes, 1 }, { CKA_SENSITIVE, &yes, 1 },
	};

	return f->C_GenerateKeyPair(h, &gen, pt, 6, st, 5, pub, priv);
}

static void rsa(void)
{
	CK_SESSION_HANDLE h;
	CK_OBJECT_HANDLE pub, priv;
	CK_MECHANISM pkcs = { CKM_SHA256_RSA_PKCS, NULL, 0 };
	CK_RSA_PKCS_PSS_PARAMS pss_p = { CKM_SHA256, CKG_MGF1_SHA256, 32 };
	CK_MECHANISM pss = { CKM_SHA256_RSA_PKCS_PSS, &pss_p, sizeof(pss_p) };
	CK_RSA_PKCS_OAEP_PARAMS oaep_p = { CKM_SHA256, CKG_MGF1_SHA256, CKZ_DATA_SPECIFIED, NULL, 0 };
	CK_MECHANISM oaep = { CKM_RSA_PKCS_OAEP, &oaep_p, sizeof(oaep_p) };
	CK_BYTE modulus[512], ct[256], pt[256];
	CK_ULONG ct_len = sizeof(ct), pt_len = sizeof(pt);
	CK_ATTRIBUTE m[] = { { CKA_MODULUS, modulus, sizeof(modulus) } };
	CK_ATTRIBUTE secret[] = { { CKA_PRIVATE_EXPONENT, modulus, sizeof(modulus) } };

	OK(user_session(&h));
	OK(rsa_pair(h, &pub, &priv));
	OK(f->C_GetAttributeValue(h, pub, m, 1));
	CHECK(m[0].ulValueLen == 256);
	EXPECT(f->C_GetAttributeValue(h, priv, secret, 1), CKR_ATTRIBUTE_SENSITIVE);
	CHECK(secret[0].ulValueLen == CK_UNAVAILABLE_INFORMATION);
	sign_verify(h, &pkcs, priv, pub, 256);
	sign_verify(h, &pss, priv, pub, 256);
	if (case_failed)
		return;
	OK(f->C_EncryptInit(h, &oaep, pub));
	OK(f->C_Encrypt(h, (CK_BYTE_PTR) "secret", 6, ct, &ct_len));
	CHECK(ct_len == 256);
	OK(f->C_DecryptInit(h, &oaep, priv));
	OK(f->C_Decrypt(h, ct, ct_len, pt, &pt_len));
	CHECK(pt_len == 6 && memcmp(pt, "secret", 6) == 0);
	OK(f->C_DestroyObject(h, pub));
	OK(f->C_DestroyObject(h, priv));
	OK(f->C_CloseSession(h));
}

static const CK_BYTE p256_oid[] = { 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07 };

static CK_RV ec_pair(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE *pub, CK_OBJECT_HANDLE *priv)
{
	CK_MECHANISM gen = { CKM_EC_KEY_PAIR_GEN, NULL, 0 };
	CK_ATTRIBUTE pt[] = {
		{ CKA_EC_PARAMS, (void *)p256_oid, sizeof(p256_oid) }, { CKA_VERIFY, &yes, 1 },
	};
	CK_ATTRIBUTE st[] = {
		{ CKA_SIGN, &yes, 1 }, { CKA_DERIVE, &yes, 1 }, { CKA_PRIVATE, &yes, 1 },
	};

	return f->C_GenerateKeyPair(h, &gen, pt, 2, st, 3, pub, priv);
}

static void ecdsa(void)
{
	CK_SESSION_HANDLE h;
	CK_OBJECT_HANDLE pub, priv;
	CK_MECHANISM m = { CKM_ECDSA_SHA256, NULL, 0 };
	CK_BYTE point[80];
	CK_ATTRIBUTE q[] = { { CKA_EC_POINT, point, sizeof(point) } };

	OK(user_session(&h));
	OK(ec_pair(h, &pub, &priv));
	OK(f->C_GetAttributeValue(h, pub, q, 1));
	CHECK(q[0].ulValueLen == 67 && point[0] == 0x04 && point[2] == 0x04);
	sign_verify(h, &m, priv, pub, 64);
	OK(f->C_CloseSession(h));
}

static void hmac(void)
{
	CK_SESSION_HANDLE h;
	CK_OBJECT_HANDLE key;
	CK_MECHANISM gen = { CKM_GENERIC_SECRET_KEY_GEN, NULL, 0 };
	CK_ULONG len = 32;
	CK_ATTRIBUTE t[] = {
		{ CKA_VALUE_LEN, &len, sizeof(len) }, { CKA_SIGN, &yes, 1 }, { CKA_VERIFY, &yes, 1 },
	};
	CK_MECHANISM m = { CKM_SHA256_HMAC, NULL, 0 };
	CK_MAC_GENERAL_PARAMS mac_len = 8;
	CK_MECHANISM general = { CKM_SHA256_HMAC_GENERAL, &mac_len, sizeof(mac_len) };

	OK(user_session(&h));
	OK(f->C_GenerateKey(h, &gen, t, 3, &key));
	sign_verify(h, &m, key, key, 32);
	sign_verify(h, &general, key, key, 8);
	OK(f->C_CloseSession(h));
}

static const CK_OBJECT_CLASS secret_class = CKO_SECRET_KEY;
static const CK_KEY_TYPE aes_type = CKK_AES;

static void wrap_unwrap(void)
{
	CK_SESSION_HANDLE h;
	CK_OBJECT_HANDLE kek, key, unwrapped;
	CK_MECHANISM ecb = { CKM_AES_ECB, NULL, 0 };
	CK_BYTE wrapped[64], v1[32], v2[32];
	CK_ULONG wrapped_len = 0;
	CK_ATTRIBUTE t[] = {
		{ CKA_CLASS, (void *)&secret_class, sizeof(secret_class) },
		{ CKA_KEY_TYPE, (void *)&aes_type, sizeof(aes_type) },
		{ CKA_EXTRACTABLE, &yes, 1 }, { CKA_SENSITIVE, &no, 1 },
	};
	CK_ATTRIBUTE value1[] = { { CKA_VALUE, v1, sizeof(v1) } };
	CK_ATTRIBUTE value2[] = { { CKA_VALUE, v2, sizeof(v2) } };

	OK(user_session(&h));
	OK(aes_key(h, 32, CK_TRUE, &kek));
	OK(aes_key(h, 24, CK_TRUE, &key));
	OK(f->C_WrapKey(h, &ecb, kek, key, NULL, &wrapped_len));
	CHECK(wrapped_len == 32);
	OK(f->C_WrapKey(h, &ecb, kek, key, wrapped, &wrapped_len));
	OK(f->C_UnwrapKey(h, &ecb, kek, wrapped, wrapped_len, t, 4, &unwrapped));
	OK(f->C_GetAttributeValue(h, key, value1, 1));
	OK(f->C_GetAttributeValue(h, unwrapped, value2, 1));
	CHECK(value1[0].ulValueLen == 24 && memcmp(v1, v2, 24) == 0);
	OK(f->C_CloseSession(h));
}

static void derive_encrypt_data(void)
{
	CK_SESSION_HANDLE h;
	CK_OBJECT_HANDLE parent, derived;
	CK_BYTE v2[32], data[16] = { 1, 2, 3 };
	CK_ATTRIBUTE t[] = {
		{ CKA_CLASS, (void *)&secret_class, sizeof(secret_class) },
		{ CKA_KEY_TYPE, (void *)&aes_type, sizeof(aes_type) },
		{ CKA_EXTRACTABLE, &yes, 1 }, { CKA_SENSITIVE, &no, 1 },
	};
	CK_ATTRIBUTE value2[] = { { CKA_VALUE, v2, sizeof(v2) } };
	CK_KEY_DERIVATION_STRING_DATA d = { data, sizeof(data) };
	CK_MECHANISM derive = { CKM_AES_ECB_ENCRYPT_DATA, &d, sizeof(d) };
	CK_MECHANISM gen = { CKM_AES_KEY_GEN, NULL, 0 };
	CK_ULONG len = 16;
	CK_ATTRIBUTE parent_t[] = { { CKA_VALUE_LEN, &len, sizeof(len) }, { CKA_DERIVE, &yes, 1 } };

	OK(user_session(&h));
	OK(f->C_GenerateKey(h, &gen, parent_t, 2, &parent));
	OK(f->C_DeriveKey(h, &derive, parent, t, 4, &derived));
	OK(f->C_GetAttributeValue(h, derived, value2, 1));
	CHECK(value2[0].ulValueLen == 16);
	OK(f->C_CloseSession(h));
}

static void ecdh(void)
{
	CK_SESSION_HANDLE h;
	CK_OBJECT_HANDLE pub_a, priv_a, pub_b, priv_b, k_a, k_b;
	CK_BYTE point_a[80], point_b[80], v_a[32], v_b[32];
	CK_ATTRIBUTE qa[] = { { CKA_EC_POINT, point_a, sizeof(point_a) } };
	CK_ATTRIBUTE qb[] = { { CKA_EC_POINT, point_b, sizeof(point_b) } };
	CK_OBJECT_CLASS secret = CKO_SECRET_KEY;
	CK_KEY_TYPE generic = CKK_GENERIC_SECRET;
	CK_ULONG len = 32;
	CK_ATTRIBUTE t[] = {
		{ CKA_CLASS, &secret, sizeof(secret) }, { CKA_KEY_TYPE, &generic, sizeof(generic) },
		{ CKA_VALUE_LEN, &len, sizeof(len) }, { CKA_EXTRACTABLE, &yes, 1 },
		{ CKA_SENSITIVE, &no, 1 },
	};
	CK_ATTRIBUTE va[] = { { CKA_VALUE, v_a, sizeof(v_a) } };
	CK_ATTRIBUTE vb[] = { { CKA_VALUE, v_b, sizeof(v_b) } };

	OK(user_session(&h));
	OK(ec_pair(h, &pub_a, &priv_a));
	OK(ec_pair(h, &pub_b, &priv_b));
	OK(f->C_GetAttributeValue(h, pub_a, qa, 1));
	OK(f->C_GetAttributeValue(h, pub_b, qb, 1));
	/* the peer's point raw (04 || X || Y), without its DER OCTET STRING header */
	CK_ECDH1_DERIVE_PARAMS pa = { CKD_NULL, 0, NULL, qb[0].ulValueLen - 2, point_b + 2 };
	CK_ECDH1_DERIVE_PARAMS pb = { CKD_NULL, 0, NULL, qa[0].ulValueLen - 2, point_a + 2 };
	CK_MECHANISM ma = { CKM_ECDH1_DERIVE, &pa, sizeof(pa) };
	CK_MECHANISM mb = { CKM_ECDH1_DERIVE, &pb, sizeof(pb) };

	OK(f->C_DeriveKey(h, &ma, priv_a, t, 5, &k_a));
	OK(f->C_DeriveKey(h, &mb, priv_b, t, 5, &k_b));
	OK(f->C_GetAttributeValue(h, k_a, va, 1));
	OK(f->C_GetAttributeValue(h, k_b, vb, 1));
	CHECK(va[0].ulValueLen == 32 && memcmp(v_a, v_b, 32) == 0);
	OK(f->C_CloseSession(h));
}

/* Whether the token lists mechanism m; cases of optional mechanisms skip themselves without. */
static bool has_mechanism(CK_MECHANISM_TYPE m)
{
	CK_MECHANISM_INFO info;

	return f->C_GetMechanismInfo(slot, m, &info) == CKR_OK && info.flags != 0;
}

static void ml_dsa(void)
{
	CK_SESSION_HANDLE h;
	CK_OBJECT_HANDLE pub, priv;
	CK_MECHANISM gen = { CKM_ML_DSA_KEY_PAIR_GEN, NULL, 0 };
	CK_ML_DSA_PARAMETER_SET_TYPE set = CKP_ML_DSA_65, got = 0;
	CK_ATTRIBUTE pt[] = { { CKA_PARAMETER_SET, &set, sizeof(set) }, { CKA_VERIFY, &yes, 1 } };
	CK_ATTRIBUTE st[] = { { CKA_SIGN, &yes, 1 }, { CKA_PRIVATE, &yes, 1 } };
	CK_ATTRIBUTE q[] = { { CKA_PARAMETER_SET, &got, sizeof(got) } };
	CK_MECHANISM plain = { CKM_ML_DSA, NULL, 0 };
	CK_SIGN_ADDITIONAL_CONTEXT ctx = { CKH_HEDGE_PREFERRED, (CK_BYTE_PTR) "ctx", 3 };
	CK_MECHANISM with_ctx = { CKM_ML_DSA, &ctx, sizeof(ctx) };

	if (!has_mechanism(CKM_ML_DSA_KEY_PAIR_GEN)) {
		printf("# ml_dsa: the token has no ML-DSA, skipped\n");
		return;
	}
	OK(user_session(&h));
	OK(f->C_GenerateKeyPair(h, &gen, pt, 2, st, 2, &pub, &priv));
	OK(f->C_GetAttributeValue(h, pub, q, 1));
	CHECK(got == CKP_ML_DSA_65);
	sign_verify(h, &plain, priv, pub, 3309);
	sign_verify(h, &with_ctx, priv, pub, 3309);
}

static void *module_handle;

static void ml_kem(void)
{
	CK_C_EncapsulateKey encapsulate =
		(CK_C_EncapsulateKey)(uintptr_t)dlsym(module_handle, "C_EncapsulateKey");
	CK_C_DecapsulateKey decapsulate =
		(CK_C_DecapsulateKey)(uintptr_t)dlsym(module_handle, "C_DecapsulateKey");
	CK_SESSION_HANDLE h;
	CK_OBJECT_HANDLE pub, priv, k1, k2;
	CK_MECHANISM gen = { CKM_ML_KEM_KEY_PAIR_GEN, NULL, 0 };
	CK_MECHANISM kem = { CKM_ML_KEM, NULL, 0 };
	CK_ML_KEM_PARAMETER_SET_TYPE set = CKP_ML_KEM_768;
	CK_ATTRIBUTE pt[] = { { CKA_PARAMETER_SET, &set, sizeof(set) }, { CKA_ENCAPSULATE, &yes, 1 } };
	CK_ATTRIBUTE st[] = { { CKA_DECAPSULATE, &yes, 1 }, { CKA_PRIVATE, &yes, 1 } };
	CK_OBJECT_CLASS secret = CKO_SECRET_KEY;
	CK_KEY_TYPE generic = CKK_GENERIC_SECRET;
	CK_ATTRIBUTE t[] = {
		{ CKA_CLASS, &secret, sizeof(secret) }, { CKA_KEY_TYPE, &generic, sizeof(generic) },
		{ CKA_EXTRACTABLE, &yes, 1 }, { CKA_SENSITIVE, &no, 1 },
	};
	CK_BYTE ct[1088], v1[32], v2[32];
	CK_ULONG ct_len = 0;
	CK_ATTRIBUTE a1[] = { { CKA_VALUE, v1, sizeof(v1) } };
	CK_ATTRIBUTE a2[] = { { CKA_VALUE, v2, sizeof(v2) } };

	if (!has_mechanism(CKM_ML_KEM_KEY_PAIR_GEN)) {
		printf("# ml_kem: the token has no ML-KEM, skipped\n");
		return;
	}
	CHECK(encapsulate && decapsulate);
	OK(user_session(&h));
	OK(f->C_GenerateKeyPair(h, &gen, pt, 2, st, 2, &pub, &priv));
	OK(encapsulate(h, &kem, pub, t, 4, NULL, &ct_len, &k1));
	CHECK(ct_len == sizeof(ct));
	OK(encapsulate(h, &kem, pub, t, 4, ct, &ct_len, &k1));
	OK(decapsulate(h, &kem, priv, t, 4, ct, ct_len, &k2));
	OK(f->C_GetAttributeValue(h, k1, a1, 1));
	OK(f->C_GetAttributeValue(h, k2, a2, 1));
	CHECK(a1[0].ulValueLen == 32 && a2[0].ulValueLen == 32 && memcmp(v1, v2, 32) == 0);
}

static void random_numbers(void)
{
	CK_SESSION_HANDLE h;
	CK_BYTE a[64], b[64];

	OK(f->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, &h));
	OK(f->C_SeedRandom(h, (CK_BYTE_PTR) "seed", 4));
	OK(f->C_GenerateRandom(h, a, sizeof(a)));
	OK(f->C_GenerateRandom(h, b, sizeof(b)));
	CHECK(memcmp(a, b, sizeof(a)) != 0);
	OK(f->C_CloseSession(h));
}

static void interface_3_0(void)
{
	CK_C_GetInterface get = (CK_C_GetInterface)(uintptr_t)dlsym(module_handle, "C_GetInterface");
	CK_INTERFACE_PTR it = NULL;
	CK_SESSION_HANDLE h;
	CK_INFO info;

	CHECK(get != NULL);
	OK(get((CK_UTF8CHAR_PTR) "PKCS 11", NULL, &it, 0));
	CK_FUNCTION_LIST_3_0_PTR f3 = it->pFunctionList;

	CHECK(f3->version.major == 3);
	OK(f3->C_GetInfo(&info));
	CHECK(info.cryptokiVersion.major == 3);
	OK(f3->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, &h));
	OK(f3->C_LoginUser(h, CKU_USER, PIN(NEW_USER_PIN), NULL, 0));
	CK_MECHANISM sha = { CKM_SHA256, NULL, 0 };

	OK(f3->C_DigestInit(h, &sha));
	OK(f3->C_SessionCancel(h, CKF_DIGEST));
	OK(f3->C_DigestInit(h, &sha)); /* the cancelled digest no longer blocks a new one */
	EXPECT(f3->C_MessageSignInit(h, &sha, 1), CKR_FUNCTION_NOT_SUPPORTED);
	OK(f3->C_CloseSession(h));
}

struct signer {
	CK_OBJECT_HANDLE key;
	int bad;
};

static void *sign_many(void *arg)
{
	struct signer *s = arg;
	CK_SESSION_HANDLE h;
	CK_MECHANISM m = { CKM_ECDSA_SHA256, NULL, 0 };
	CK_BYTE sig[64];

	if (f->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, &h) != CKR_OK) {
		s->bad++;
		return NULL;
	}
	for (int i = 0; i < 50; i++) {
		CK_ULONG len = sizeof(sig);

		if (f->C_SignInit(h, &m, s->key) != CKR_OK ||
		    f->C_Sign(h, (CK_BYTE_PTR) "x", 1, sig, &len) != CKR_OK || len != 64)
			s->bad++;
	}
	f->C_CloseSession(h);
	return NULL;
}

static void threads_sign_at_once(void)
{
	CK_SESSION_HANDLE h;
	CK_OBJECT_HANDLE pub, priv;
	pthread_t t[8];
	struct signer s[8];

	OK(user_session(&h));
	OK(ec_pair(h, &pub, &priv));
	for (int i = 0; i < 8; i++) {
		s[i] = (struct signer){ priv, 0 };
		pthread_create(&t[i], NULL, sign_many, &s[i]);
	}
	int bad = 0;

	for (int i = 0; i < 8; i++) {
		pthread_join(t[i], NULL);
		bad += s[i].bad;
	}
	CHECK(bad == 0);
	OK(f->C_CloseSession(h));
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: p11_e2e <module.so> [slot]\n");
		return 2;
	}
	slot = argc > 2 ? strtoul(argv[2], NULL, 0) : CK_UNAVAILABLE_INFORMATION;
	module_handle = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
	if (!module_handle) {
		fprintf(stderr, "p11_e2e: %s\n", dlerror());
		return 2;
	}
	CK_C_GetFunctionList get =
		(CK_C_GetFunctionList)(uintptr_t)dlsym(module_handle, "C_GetFunctionList");
	CK_C_INITIALIZE_ARGS args = { .flags = CKF_OS_LOCKING_OK };

	if (!get || get(&f) != CKR_OK || f->C_Initialize(&args) != CKR_OK) {
		fprintf(stderr, "p11_e2e: the module did not initialise (is a core running?)\n");
		return 2;
	}
	run("slots_and_token", slots_and_token);
	run("mechanisms", mechanisms);
	run("init_token_and_pins", init_token_and_pins);
	run("sessions", sessions);
	run("objects", objects);
	run("aes_ciphers", aes_ciphers);
	run("aes_gcm_as_sunpkcs11_does", aes_gcm_as_sunpkcs11_does);
	run("digests", digests);
	run("rsa", rsa);
	run("ecdsa", ecdsa);
	run("hmac", hmac);
	run("wrap_unwrap", wrap_unwrap);
	run("derive_encrypt_data", derive_encrypt_data);
	run("ecdh", ecdh);
	run("random_numbers", random_numbers);
	run("ml_dsa", ml_dsa);
	run("ml_kem", ml_kem);
	run("interface_3_0", interface_3_0);
	run("threads_sign_at_once", threads_sign_at_once);
	f->C_Finalize(NULL);
	dlclose(module_handle);
	printf("%s: %d failed\n", failures ? "FAIL" : "PASS", failures);
	return failures ? 1 : 0;
}
