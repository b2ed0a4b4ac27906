// SPDX-License-Identifier: Apache-2.0
/*
 * p11_bench: the consumer side of `jtee bench pkcs11`. It dlopens any PKCS#11 module (jtee's
 * libjtee-pkcs11.so, SoftHSM2's libsofthsm2.so), so that both are measured through the same
 * calls of the same program; the Java side (Pkcs11Benchmarks) runs it, alternates the modules
 * and reports the figures.
 *
 *   p11_bench MODULE init LABEL            initialise the first token that is not, as LABEL,
 *                                          with $P11_BENCH_SO_PIN, and set $P11_BENCH_PIN
 *   p11_bench MODULE keys LABEL            make the bench's token keys: RSA-2048 and EC P-256
 *                                          key pairs, an AES-128 key
 *   p11_bench MODULE fill LABEL COUNT      add COUNT token objects, data objects and AES keys
 *                                          by turns, each with a label (and keys an id) of its
 *                                          own; progress on stderr
 *   p11_bench MODULE run LABEL SECONDS WARMUP OP...
 *                                          run each OP for WARMUP seconds untimed, then for
 *                                          SECONDS; prints "OP COUNT SECONDS" per OP
 *
 * OPs: session-info (C_GetSessionInfo: one call to the token and nothing else, what a call
 * costs), rsa-sha256 (CKM_SHA256_RSA_PKCS on 32 bytes), rsa-pkcs (CKM_RSA_PKCS on 32 bytes), ecdsa
 * (CKM_ECDSA on a 32-byte hash), aes-ctr (AES-128-CTR, one C_Encrypt of 1 MiB), sha256 (one
 * C_Digest of 1 MiB), find-label and find-id (C_FindObjectsInit on CKA_LABEL / CKA_ID of the
 * AES key, C_FindObjects, C_FindObjectsFinal; exactly one match). Every operation includes its
 * C_xxxInit. The user PIN is read from $P11_BENCH_PIN. A failing call ends the program with
 * status 1 and names the call and its CKR_ code.
 */
#define _POSIX_C_SOURCE 200809L
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jtee/pkcs11.h"

#define MIB (1024UL * 1024UL)
#define MAX_SLOTS 64

static CK_FUNCTION_LIST_PTR p11;
static const char *module_path;

static const char LABEL_RSA[] = "bench-rsa";
static const char LABEL_EC[] = "bench-ec";
static const char LABEL_AES[] = "bench-aes";
static const CK_BYTE ID_RSA[] = "bench-id-rsa";
static const CK_BYTE ID_EC[] = "bench-id-ec";
static const CK_BYTE ID_AES[] = "bench-id-aes";
/* DER of the named curve P-256 (prime256v1) */
static const CK_BYTE P256[] = {0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};

static const char *rv_name(CK_RV rv)
{
	switch (rv) {
	case CKR_OK: return "CKR_OK";
	case CKR_GENERAL_ERROR: return "CKR_GENERAL_ERROR";
	case CKR_FUNCTION_FAILED: return "CKR_FUNCTION_FAILED";
	case CKR_ARGUMENTS_BAD: return "CKR_ARGUMENTS_BAD";
	case CKR_ATTRIBUTE_TYPE_INVALID: return "CKR_ATTRIBUTE_TYPE_INVALID";
	case CKR_ATTRIBUTE_VALUE_INVALID: return "CKR_ATTRIBUTE_VALUE_INVALID";
	case CKR_DEVICE_ERROR: return "CKR_DEVICE_ERROR";
	case CKR_DEVICE_MEMORY: return "CKR_DEVICE_MEMORY";
	case CKR_KEY_HANDLE_INVALID: return "CKR_KEY_HANDLE_INVALID";
	case CKR_KEY_TYPE_INCONSISTENT: return "CKR_KEY_TYPE_INCONSISTENT";
	case CKR_KEY_FUNCTION_NOT_PERMITTED: return "CKR_KEY_FUNCTION_NOT_PERMITTED";
	case CKR_MECHANISM_INVALID: return "CKR_MECHANISM_INVALID";
	case CKR_MECHANISM_PARAM_INVALID: return "CKR_MECHANISM_PARAM_INVALID";
	case CKR_OBJECT_HANDLE_INVALID: return "CKR_OBJECT_HANDLE_INVALID";
	case CKR_OPERATION_ACTIVE: return "CKR_OPERATION_ACTIVE";
	case CKR_OPERATION_NOT_INITIALIZED: return "CKR_OPERATION_NOT_INITIALIZED";
	case CKR_PIN_INCORRECT: return "CKR_PIN_INCORRECT";
	case CKR_PIN_LEN_RANGE: return "CKR_PIN_LEN_RANGE";
	case CKR_PIN_LOCKED: return "CKR_PIN_LOCKED";
	case CKR_SESSION_HANDLE_INVALID: return "CKR_SESSION_HANDLE_INVALID";
	case CKR_SESSION_EXISTS: return "CKR_SESSION_EXISTS";
	case CKR_SESSION_READ_ONLY: return "CKR_SESSION_READ_ONLY";
	case CKR_SLOT_ID_INVALID: return "CKR_SLOT_ID_INVALID";
	case CKR_TEMPLATE_INCOMPLETE: return "CKR_TEMPLATE_INCOMPLETE";
	case CKR_TEMPLATE_INCONSISTENT: return "CKR_TEMPLATE_INCONSISTENT";
	case CKR_TOKEN_NOT_PRESENT: return "CKR_TOKEN_NOT_PRESENT";
	case CKR_USER_ALREADY_LOGGED_IN: return "CKR_USER_ALREADY_LOGGED_IN";
	case CKR_USER_NOT_LOGGED_IN: return "CKR_USER_NOT_LOGGED_IN";
	case CKR_USER_PIN_NOT_INITIALIZED: return "CKR_USER_PIN_NOT_INITIALIZED";
	case CKR_BUFFER_TOO_SMALL: return "CKR_BUFFER_TOO_SMALL";
	case CKR_CRYPTOKI_NOT_INITIALIZED: return "CKR_CRYPTOKI_NOT_INITIALIZED";
	default: return NULL;
	}
}

/* Ends the program unless rv is CKR_OK, naming the call and the code. */
static void check(CK_RV rv, const char *call)
{
	if (rv == CKR_OK)
		return;
	const char *name = rv_name(rv);
	if (name)
		fprintf(stderr, "p11_bench: %s: %s failed: %s\n", module_path, call, name);
	else
		fprintf(stderr, "p11_bench: %s: %s failed: CKR 0x%lx\n", module_path, call, (unsigned long)rv);
	exit(1);
}

static void die(const char *message)
{
	fprintf(stderr, "p11_bench: %s: %s\n", module_path, message);
	exit(1);
}

static const char *pin_from(const char *variable)
{
	const char *pin = getenv(variable);
	if (!pin || !*pin) {
		fprintf(stderr, "p11_bench: $%s is not set\n", variable);
		exit(2);
	}
	return pin;
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void load(const char *path)
{
	module_path = path;
	void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		fprintf(stderr, "p11_bench: cannot load %s: %s\n", path, dlerror());
		exit(1);
	}
	CK_C_GetFunctionList get = (CK_C_GetFunctionList)dlsym(lib, "C_GetFunctionList");
	if (!get)
		die("no C_GetFunctionList");
	check(get(&p11), "C_GetFunctionList");
	CK_C_INITIALIZE_ARGS args;
	memset(&args, 0, sizeof(args));
	args.flags = CKF_OS_LOCKING_OK;
	check(p11->C_Initialize(&args), "C_Initialize");
}

/* The label as a token keeps it: blank-padded to 32 bytes. */
static void padded_label(const char *label, CK_UTF8CHAR out[32])
{
	size_t n = strlen(label);
	if (n > 32)
		die("token label longer than 32 bytes");
	memset(out, ' ', 32);
	memcpy(out, label, n);
}

/* The slot whose token has LABEL (or, with want_uninitialised, the first uninitialised token). */
static CK_SLOT_ID find_slot(const char *label, int want_uninitialised)
{
	CK_SLOT_ID slots[MAX_SLOTS];
	CK_ULONG n = MAX_SLOTS;
	check(p11->C_GetSlotList(CK_TRUE, slots, &n), "C_GetSlotList");
	CK_UTF8CHAR want[32];
	padded_label(label, want);
	for (CK_ULONG i = 0; i < n; i++) {
		CK_TOKEN_INFO info;
		check(p11->C_GetTokenInfo(slots[i], &info), "C_GetTokenInfo");
		int initialised = (info.flags & CKF_TOKEN_INITIALIZED) != 0;
		if (want_uninitialised ? !initialised : initialised && !memcmp(info.label, want, 32))
			return slots[i];
	}
	if (want_uninitialised)
		die("no uninitialised token to initialise");
	fprintf(stderr, "p11_bench: %s: token not found: no token labelled '%s'\n", module_path, label);
	exit(1);
}

static CK_SESSION_HANDLE user_session(const char *label)
{
	CK_SESSION_HANDLE s;
	CK_SLOT_ID slot = find_slot(label, 0);
	check(p11->C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL, NULL, &s), "C_OpenSession");
	const char *pin = pin_from("P11_BENCH_PIN");
	check(p11->C_Login(s, CKU_USER, (CK_UTF8CHAR_PTR)pin, strlen(pin)), "C_Login(CKU_USER)");
	return s;
}

static int init_token(const char *label)
{
	const char *so_pin = pin_from("P11_BENCH_SO_PIN");
	const char *pin = pin_from("P11_BENCH_PIN");
	CK_SLOT_ID slot = find_slot(label, 1);
	CK_UTF8CHAR l[32];
	padded_label(label, l);
	check(p11->C_InitToken(slot, (CK_UTF8CHAR_PTR)so_pin, strlen(so_pin), l), "C_InitToken");
	CK_SESSION_HANDLE s;
	check(p11->C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL, NULL, &s), "C_OpenSession");
	check(p11->C_Login(s, CKU_SO, (CK_UTF8CHAR_PTR)so_pin, strlen(so_pin)), "C_Login(CKU_SO)");
	check(p11->C_InitPIN(s, (CK_UTF8CHAR_PTR)pin, strlen(pin)), "C_InitPIN");
	check(p11->C_Logout(s), "C_Logout");
	check(p11->C_CloseSession(s), "C_CloseSession");
	return 0;
}

#define ATTR(type, value) {(type), (void *)(value), sizeof(*(value))}
#define ATTR_BYTES(type, value, len) {(type), (void *)(value), (len)}

static int make_keys(const char *label)
{
	CK_SESSION_HANDLE s = user_session(label);
	CK_BBOOL yes = CK_TRUE;
	CK_ULONG bits = 2048;
	CK_BYTE e[] = {0x01, 0x00, 0x01};
	CK_OBJECT_HANDLE pub, priv, aes;

	CK_MECHANISM rsa_gen = {CKM_RSA_PKCS_KEY_PAIR_GEN, NULL, 0};
	CK_ATTRIBUTE rsa_pub[] = {
		ATTR(CKA_TOKEN, &yes), ATTR(CKA_VERIFY, &yes), ATTR(CKA_ENCRYPT, &yes), ATTR(CKA_MODULUS_BITS, &bits),
		ATTR_BYTES(CKA_PUBLIC_EXPONENT, e, sizeof(e)), ATTR_BYTES(CKA_LABEL, LABEL_RSA, strlen(LABEL_RSA)),
		ATTR_BYTES(CKA_ID, ID_RSA, sizeof(ID_RSA) - 1),
	};
	CK_ATTRIBUTE rsa_priv[] = {
		ATTR(CKA_TOKEN, &yes), ATTR(CKA_PRIVATE, &yes), ATTR(CKA_SENSITIVE, &yes), ATTR(CKA_SIGN, &yes),
		ATTR(CKA_DECRYPT, &yes), ATTR_BYTES(CKA_LABEL, LABEL_RSA, strlen(LABEL_RSA)),
		ATTR_BYTES(CKA_ID, ID_RSA, sizeof(ID_RSA) - 1),
	};
	check(p11->C_GenerateKeyPair(s, &rsa_gen, rsa_pub, sizeof(rsa_pub) / sizeof(rsa_pub[0]), rsa_priv,
				     sizeof(rsa_priv) / sizeof(rsa_priv[0]), &pub, &priv),
	      "C_GenerateKeyPair(RSA-2048)");

	CK_MECHANISM ec_gen = {CKM_EC_KEY_PAIR_GEN, NULL, 0};
	CK_ATTRIBUTE ec_pub[] = {
		ATTR(CKA_TOKEN, &yes), ATTR(CKA_VERIFY, &yes), ATTR_BYTES(CKA_EC_PARAMS, P256, sizeof(P256)),
		ATTR_BYTES(CKA_LABEL, LABEL_EC, strlen(LABEL_EC)), ATTR_BYTES(CKA_ID, ID_EC, sizeof(ID_EC) - 1),
	};
	CK_ATTRIBUTE ec_priv[] = {
		ATTR(CKA_TOKEN, &yes), ATTR(CKA_PRIVATE, &yes), ATTR(CKA_SENSITIVE, &yes), ATTR(CKA_SIGN, &yes),
		ATTR_BYTES(CKA_LABEL, LABEL_EC, strlen(LABEL_EC)), ATTR_BYTES(CKA_ID, ID_EC, sizeof(ID_EC) - 1),
	};
	check(p11->C_GenerateKeyPair(s, &ec_gen, ec_pub, sizeof(ec_pub) / sizeof(ec_pub[0]), ec_priv,
				     sizeof(ec_priv) / sizeof(ec_priv[0]), &pub, &priv),
	      "C_GenerateKeyPair(EC P-256)");

	CK_ULONG len = 16;
	CK_MECHANISM aes_gen = {CKM_AES_KEY_GEN, NULL, 0};
	CK_ATTRIBUTE aes_t[] = {
		ATTR(CKA_TOKEN, &yes), ATTR(CKA_PRIVATE, &yes), ATTR(CKA_SENSITIVE, &yes), ATTR(CKA_ENCRYPT, &yes),
		ATTR(CKA_DECRYPT, &yes), ATTR(CKA_VALUE_LEN, &len), ATTR_BYTES(CKA_LABEL, LABEL_AES, strlen(LABEL_AES)),
		ATTR_BYTES(CKA_ID, ID_AES, sizeof(ID_AES) - 1),
	};
	check(p11->C_GenerateKey(s, &aes_gen, aes_t, sizeof(aes_t) / sizeof(aes_t[0]), &aes), "C_GenerateKey(AES-128)");
	check(p11->C_Logout(s), "C_Logout");
	check(p11->C_CloseSession(s), "C_CloseSession");
	return 0;
}

static int fill(const char *label, long count)
{
	CK_SESSION_HANDLE s = user_session(label);
	CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
	CK_OBJECT_CLASS data = CKO_DATA, secret = CKO_SECRET_KEY;
	CK_KEY_TYPE aes = CKK_AES;
	CK_BYTE value[32];
	char name[32], id[32];
	double start = now();
	for (long i = 0; i < count; i++) {
		int n = snprintf(name, sizeof(name), "fill-%06ld", i);
		int m = snprintf(id, sizeof(id), "fill-id-%06ld", i);
		for (size_t k = 0; k < sizeof(value); k++)
			value[k] = (CK_BYTE)(i * 31 + (long)k);
		CK_OBJECT_HANDLE h;
		if (i % 2 == 0) {
			CK_ATTRIBUTE t[] = {
				ATTR(CKA_CLASS, &data), ATTR(CKA_TOKEN, &yes), ATTR(CKA_PRIVATE, &no),
				ATTR_BYTES(CKA_LABEL, name, (CK_ULONG)n), ATTR_BYTES(CKA_VALUE, value, sizeof(value)),
			};
			check(p11->C_CreateObject(s, t, sizeof(t) / sizeof(t[0]), &h), "C_CreateObject(data)");
		} else {
			CK_ATTRIBUTE t[] = {
				ATTR(CKA_CLASS, &secret), ATTR(CKA_KEY_TYPE, &aes), ATTR(CKA_TOKEN, &yes),
				ATTR(CKA_PRIVATE, &yes), ATTR(CKA_ENCRYPT, &yes), ATTR_BYTES(CKA_VALUE, value, 16),
				ATTR_BYTES(CKA_LABEL, name, (CK_ULONG)n), ATTR_BYTES(CKA_ID, id, (CK_ULONG)m),
			};
			check(p11->C_CreateObject(s, t, sizeof(t) / sizeof(t[0]), &h), "C_CreateObject(AES key)");
		}
		if ((i + 1) % 500 == 0 || i + 1 == count)
			fprintf(stderr, "p11_bench: %ld of %ld objects (%.1f s)\n", i + 1, count, now() - start);
	}
	check(p11->C_Logout(s), "C_Logout");
	check(p11->C_CloseSession(s), "C_CloseSession");
	return 0;
}

/* The one object of class cls whose CKA_LABEL is label. */
static CK_OBJECT_HANDLE find_one(CK_SESSION_HANDLE s, CK_OBJECT_CLASS cls, const char *label)
{
	CK_ATTRIBUTE t[] = {ATTR(CKA_CLASS, &cls), ATTR_BYTES(CKA_LABEL, label, strlen(label))};
	CK_OBJECT_HANDLE found[2];
	CK_ULONG n = 0;
	check(p11->C_FindObjectsInit(s, t, 2), "C_FindObjectsInit");
	check(p11->C_FindObjects(s, found, 2, &n), "C_FindObjects");
	check(p11->C_FindObjectsFinal(s), "C_FindObjectsFinal");
	if (n != 1) {
		fprintf(stderr, "p11_bench: %s: %lu objects labelled '%s' of class %lu, not 1 (run keys first)\n",
			module_path, (unsigned long)n, label, (unsigned long)cls);
		exit(1);
	}
	return found[0];
}

struct bench {
	CK_SESSION_HANDLE s;
	CK_OBJECT_HANDLE rsa, ec, aes;
	CK_BYTE *in, *out;
	CK_ULONG ctr_bits;
};

static void sign(struct bench *b, CK_MECHANISM_TYPE mech, CK_OBJECT_HANDLE key, const char *what)
{
	CK_MECHANISM m = {mech, NULL, 0};
	CK_BYTE sig[512];
	CK_ULONG len = sizeof(sig);
	check(p11->C_SignInit(b->s, &m, key), what);
	check(p11->C_Sign(b->s, b->in, 32, sig, &len), what);
}

static void aes_ctr(struct bench *b)
{
	CK_AES_CTR_PARAMS p;
	memset(&p, 0, sizeof(p));
	p.ulCounterBits = b->ctr_bits;
	CK_MECHANISM m = {CKM_AES_CTR, &p, sizeof(p)};
	CK_ULONG len = MIB;
	check(p11->C_EncryptInit(b->s, &m, b->aes), "C_EncryptInit(CKM_AES_CTR)");
	check(p11->C_Encrypt(b->s, b->in, MIB, b->out, &len), "C_Encrypt(CKM_AES_CTR)");
	if (len != MIB)
		die("C_Encrypt(CKM_AES_CTR) returned the wrong length");
}

static void sha256(struct bench *b)
{
	CK_MECHANISM m = {CKM_SHA256, NULL, 0};
	CK_BYTE digest[32];
	CK_ULONG len = sizeof(digest);
	check(p11->C_DigestInit(b->s, &m), "C_DigestInit(CKM_SHA256)");
	check(p11->C_Digest(b->s, b->in, MIB, digest, &len), "C_Digest(CKM_SHA256)");
}

static void find(struct bench *b, CK_ATTRIBUTE_TYPE type, const void *value, CK_ULONG len)
{
	CK_ATTRIBUTE t[] = {{type, (void *)value, len}};
	CK_OBJECT_HANDLE found[2];
	CK_ULONG n = 0;
	check(p11->C_FindObjectsInit(b->s, t, 1), "C_FindObjectsInit");
	check(p11->C_FindObjects(b->s, found, 2, &n), "C_FindObjects");
	check(p11->C_FindObjectsFinal(b->s), "C_FindObjectsFinal");
	if (n != 1 || found[0] != b->aes)
		die("C_FindObjects did not find exactly the AES key");
}

/* One operation of op; returns 0 for an unknown op. The keys are looked up at their first use. */
static int one(struct bench *b, const char *op)
{
	if (!strncmp(op, "rsa-", 4) && !b->rsa)
		b->rsa = find_one(b->s, CKO_PRIVATE_KEY, LABEL_RSA);
	if (!strcmp(op, "ecdsa") && !b->ec)
		b->ec = find_one(b->s, CKO_PRIVATE_KEY, LABEL_EC);
	if (!strcmp(op, "session-info")) {
		CK_SESSION_INFO info;
		check(p11->C_GetSessionInfo(b->s, &info), "C_GetSessionInfo");
	} else if (!strcmp(op, "rsa-sha256"))
		sign(b, CKM_SHA256_RSA_PKCS, b->rsa, "C_SignInit/C_Sign(CKM_SHA256_RSA_PKCS)");
	else if (!strcmp(op, "rsa-pkcs"))
		sign(b, CKM_RSA_PKCS, b->rsa, "C_SignInit/C_Sign(CKM_RSA_PKCS)");
	else if (!strcmp(op, "ecdsa"))
		sign(b, CKM_ECDSA, b->ec, "C_SignInit/C_Sign(CKM_ECDSA)");
	else if (!strcmp(op, "aes-ctr"))
		aes_ctr(b);
	else if (!strcmp(op, "sha256"))
		sha256(b);
	else if (!strcmp(op, "find-label"))
		find(b, CKA_LABEL, LABEL_AES, strlen(LABEL_AES));
	else if (!strcmp(op, "find-id"))
		find(b, CKA_ID, ID_AES, sizeof(ID_AES) - 1);
	else
		return 0;
	return 1;
}

/*
 * AES-CTR's counter width: the standard's full block (128 bits) where the module takes it;
 * OP-TEE's TA accepts only 1 (docs/pkcs11.md), and then counts the block's last bit only — the
 * work per byte is the same.
 */
static CK_ULONG ctr_bits(struct bench *b)
{
	static const CK_ULONG widths[] = {128, 1};
	for (size_t i = 0; i < sizeof(widths) / sizeof(widths[0]); i++) {
		CK_AES_CTR_PARAMS p;
		memset(&p, 0, sizeof(p));
		p.ulCounterBits = widths[i];
		CK_MECHANISM m = {CKM_AES_CTR, &p, sizeof(p)};
		CK_RV rv = p11->C_EncryptInit(b->s, &m, b->aes);
		if (rv == CKR_MECHANISM_PARAM_INVALID)
			continue;
		check(rv, "C_EncryptInit(CKM_AES_CTR)");
		CK_ULONG len = MIB;
		check(p11->C_Encrypt(b->s, b->in, MIB, b->out, &len), "C_Encrypt(CKM_AES_CTR)");
		return widths[i];
	}
	die("C_EncryptInit(CKM_AES_CTR) refuses both 128 and 1 counter bits: CKR_MECHANISM_PARAM_INVALID");
	return 0;
}

static int run(const char *label, double seconds, double warmup, int nops, char **ops)
{
	struct bench b;
	memset(&b, 0, sizeof(b));
	b.s = user_session(label);
	b.aes = find_one(b.s, CKO_SECRET_KEY, LABEL_AES);
	b.in = malloc(MIB);
	b.out = malloc(MIB);
	if (!b.in || !b.out)
		die("out of memory");
	for (size_t i = 0; i < MIB; i++)
		b.in[i] = (CK_BYTE)(i * 7 + 1);
	b.ctr_bits = ctr_bits(&b);
	for (int i = 0; i < nops; i++) {
		if (!one(&b, ops[i])) {
			fprintf(stderr, "p11_bench: unknown operation '%s'\n", ops[i]);
			return 2;
		}
		double end = now() + warmup;
		while (now() < end)
			one(&b, ops[i]);
		long count = 0;
		double start = now(), t;
		do {
			one(&b, ops[i]);
			count++;
			t = now();
		} while (t - start < seconds);
		printf("%s %ld %.6f\n", ops[i], count, t - start);
		fflush(stdout);
	}
	free(b.in);
	free(b.out);
	check(p11->C_Logout(b.s), "C_Logout");
	check(p11->C_CloseSession(b.s), "C_CloseSession");
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: p11_bench MODULE init LABEL | keys LABEL | fill LABEL COUNT"
			" | run LABEL SECONDS WARMUP OP...\n");
	exit(2);
}

int main(int argc, char **argv)
{
	if (argc < 4)
		usage();
	const char *cmd = argv[2], *label = argv[3];
	int rc;
	if (!strcmp(cmd, "init") && argc == 4) {
		load(argv[1]);
		rc = init_token(label);
	} else if (!strcmp(cmd, "keys") && argc == 4) {
		load(argv[1]);
		rc = make_keys(label);
	} else if (!strcmp(cmd, "fill") && argc == 5) {
		long count = strtol(argv[4], NULL, 10);
		if (count <= 0 || count > 1000000)
			usage();
		load(argv[1]);
		rc = fill(label, count);
	} else if (!strcmp(cmd, "run") && argc >= 7) {
		double seconds = strtod(argv[4], NULL), warmup = strtod(argv[5], NULL);
		if (seconds <= 0 || seconds > 600 || warmup < 0 || warmup > 600)
			usage();
		load(argv[1]);
		rc = run(label, seconds, warmup, argc - 6, argv + 6);
	} else {
		usage();
		return 2;
	}
	check(p11->C_Finalize(NULL), "C_Finalize");
	return rc;
}
