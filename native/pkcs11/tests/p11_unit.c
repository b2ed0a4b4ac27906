/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests of libjtee-pkcs11.so that need no TEE: the module's objects are linked in and its
 * calls go to a fake TA in this process (p11_set_backend), which records what each call sent
 * and answers what the test scripts. They check the bytes of every serialised form (templates
 * with nested templates, every mechanism parameter, C_GetAttributeValue's round trip), the
 * 64-bit to 32-bit range checks, the output-size protocol, the argument checks made before the
 * TA is asked, the life cycle (initialise, finalise, fork) and many threads at once.
 *
 * Output: "ok <case>" or "not ok <case>: <what>" per case; the exit status is 0 when all pass.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <tee_client_api.h>

#include "p11.h"

static int failures;
static const char *current_case;
static bool case_failed;

#define CHECK(cond)                                                                   \
	do {                                                                          \
		if (!(cond)) {                                                        \
			printf("not ok %s: line %d: %s\n", current_case, __LINE__, #cond); \
			case_failed = true;                                           \
		}                                                                     \
	} while (0)
#define CHECK_RV(expr, want)                                                          \
	do {                                                                          \
		CK_RV got_ = (expr);                                                  \
		if (got_ != (CK_RV)(want)) {                                          \
			printf("not ok %s: line %d: %s = 0x%lx, want 0x%lx\n", current_case, \
			       __LINE__, #expr, got_, (CK_RV)(want));                 \
			case_failed = true;                                           \
		}                                                                     \
	} while (0)

static void run(const char *name, void (*test)(void))
{
	current_case = name;
	case_failed = false;
	test();
	if (case_failed)
		failures++;
	else
		printf("ok %s\n", name);
}

/* ---- The fake TA ------------------------------------------------------------------------- */

/* What the last call sent. */
static struct {
	uint32_t cmd;
	uint8_t ctl[8192];
	size_t ctl_len;
	bool p1_present;
	size_t p1_len;
	uint8_t p1[256];
	enum p11_p2 p2_type;
	size_t p2_len;
	uint8_t p2_in[256];
	int calls;
	uint32_t cmds[16];
} sent;

/* What the next calls answer: a TEEC result, a status word, p2's bytes and reported size. */
static struct {
	uint32_t teec;
	uint32_t status;
	size_t status_len;
	uint8_t p2[256];
	size_t p2_bytes;   /* bytes of p2 written into the output */
	size_t p2_size;    /* size reported */
	bool echo_ctl_template; /* GAV: answer p2 = the template after session and object */
	void (*edit)(uint8_t *p2, size_t len); /* GAV: rewrite the echoed template */
	size_t short_until; /* answer SHORT_BUFFER with p2_size while the offer is below this */
	uint8_t p1[4];      /* ENCAPSULATE_KEY: p1's output */
	size_t p1_size;
} answer;

static pthread_mutex_t fake_lock = PTHREAD_MUTEX_INITIALIZER;
static bool threaded;

static void reset(void)
{
	memset(&sent, 0, sizeof(sent));
	memset(&answer, 0, sizeof(answer));
	answer.status_len = 4;
}

static CK_RV fake_open(void)
{
	return CKR_OK;
}

static void fake_close(bool forget)
{
	(void)forget;
}

static void record(const struct p11_exchange *x)
{
	if (sent.calls < 16)
		sent.cmds[sent.calls] = x->cmd;
	sent.calls++;
	sent.cmd = x->cmd;
	sent.ctl_len = x->ctl_len;
	memcpy(sent.ctl, x->ctl, x->ctl_len < sizeof(sent.ctl) ? x->ctl_len : sizeof(sent.ctl));
	sent.p1_present = x->p1_present;
	sent.p1_len = x->p1_len;
	if (x->p1_present && !x->p1_output && x->p1_len)
		memcpy(sent.p1, x->p1, x->p1_len < sizeof(sent.p1) ? x->p1_len : sizeof(sent.p1));
	sent.p2_type = x->p2_type;
	sent.p2_len = x->p2_len;
	if (x->p2_type == P11_P2_IN && x->p2_len)
		memcpy(sent.p2_in, x->p2_in, x->p2_len < 256 ? x->p2_len : 256);
}

static uint32_t fake_invoke(struct p11_exchange *x)
{
	if (threaded) {
		/* many threads: answer OK with the whole output offered, record nothing */
		uint8_t *out = calloc(1, x->p2_len + 1);

		x->backend_state = out;
		x->p2_out = out;
		x->p2_out_len = x->p2_type == P11_P2_OUT ? x->p2_len : 0;
		p11_put_u32(x->status, CKR_OK);
		x->status_len = 4;
		return TEEC_SUCCESS;
	}
	pthread_mutex_lock(&fake_lock);
	record(x);
	uint8_t *out = calloc(1, x->p2_len + 8);

	x->backend_state = out;
	x->p2_out = out;
	x->p2_out_len = 0;
	if (x->p1_output) {
		/* ENCAPSULATE_KEY's handle: the 4 bytes past p2's, as a channel keeps them apart */
		memcpy(out + x->p2_len + 4, answer.p1, 4);
		x->p1_out = out + x->p2_len + 4;
		x->p1_out_len = answer.p1_size;
	}
	uint32_t teec = answer.teec;

	if (x->p2_type == P11_P2_OUT) {
		if (answer.echo_ctl_template) {
			memcpy(out, x->ctl + 8, x->ctl_len - 8);
			if (answer.edit)
				answer.edit(out, x->ctl_len - 8);
			x->p2_out_len = x->ctl_len - 8;
		} else {
			size_t n = answer.p2_bytes < x->p2_len ? answer.p2_bytes : x->p2_len;

			memcpy(out, answer.p2, n);
			x->p2_out_len = answer.p2_size;
		}
		if (answer.short_until && x->p2_len < answer.short_until) {
			teec = TEEC_ERROR_SHORT_BUFFER;
			x->p2_out_len = answer.short_until;
		}
	}
	p11_put_u32(x->status, answer.status);
	x->status_len = answer.status_len;
	pthread_mutex_unlock(&fake_lock);
	return teec;
}

static void fake_done(struct p11_exchange *x)
{
	free(x->backend_state);
	x->backend_state = NULL;
}

static const struct p11_backend fake = { fake_open, fake_close, fake_invoke, fake_done };

static uint32_t ctl_u32(size_t at)
{
	return p11_get_u32(sent.ctl + at);
}

/* ---- Life cycle and tables ----------------------------------------------------------- */

static void not_initialized_answers_not_initialized(void)
{
	CK_ULONG n = 0;
	CK_INFO info;

	CHECK_RV(C_GetSlotList(CK_FALSE, NULL, &n), CKR_CRYPTOKI_NOT_INITIALIZED);
	CHECK_RV(C_GetInfo(&info), CKR_CRYPTOKI_NOT_INITIALIZED);
	CHECK_RV(C_Finalize(NULL), CKR_CRYPTOKI_NOT_INITIALIZED);
	CHECK_RV(C_SignRecoverInit(1, NULL, 1), CKR_CRYPTOKI_NOT_INITIALIZED);
	CHECK_RV(C_EncryptMessage(1, NULL, 0, NULL, 0, NULL, 0, NULL, NULL),
		 CKR_CRYPTOKI_NOT_INITIALIZED);
}

static CK_RV count_create(CK_VOID_PTR_PTR m);
static CK_RV count_destroy(CK_VOID_PTR m);
static CK_RV count_lock(CK_VOID_PTR m);
static CK_RV count_unlock(CK_VOID_PTR m);
static int mutexes_created, mutex_locks;
static pthread_mutex_t app_mutex = PTHREAD_MUTEX_INITIALIZER;

static CK_RV count_create(CK_VOID_PTR_PTR m)
{
	mutexes_created++;
	*m = &app_mutex;
	return CKR_OK;
}

static CK_RV count_destroy(CK_VOID_PTR m)
{
	(void)m;
	return CKR_OK;
}

static CK_RV count_lock(CK_VOID_PTR m)
{
	mutex_locks++;
	pthread_mutex_lock(m);
	return CKR_OK;
}

static CK_RV count_unlock(CK_VOID_PTR m)
{
	pthread_mutex_unlock(m);
	return CKR_OK;
}

static void initialize_checks_its_arguments(void)
{
	CK_C_INITIALIZE_ARGS reserved = { .pReserved = &reserved };
	CK_C_INITIALIZE_ARGS partial = { .CreateMutex = count_create };
	CK_C_INITIALIZE_ARGS app = { count_create, count_destroy, count_lock, count_unlock, 0,
				     NULL };
	CK_C_INITIALIZE_ARGS os = { count_create, count_destroy, count_lock, count_unlock,
				    CKF_OS_LOCKING_OK, NULL };

	CHECK_RV(C_Initialize(&reserved), CKR_ARGUMENTS_BAD);
	CHECK_RV(C_Initialize(&partial), CKR_ARGUMENTS_BAD);
	/* the application's mutexes are used when it does not allow the OS's */
	CHECK_RV(C_Initialize(&app), CKR_OK);
	void *m = p11_mutex_new();

	p11_mutex_lock(m);
	p11_mutex_unlock(m);
	p11_mutex_free(m);
	CHECK(mutexes_created == 1 && mutex_locks == 1);
	CHECK_RV(C_Initialize(NULL), CKR_CRYPTOKI_ALREADY_INITIALIZED);
	CHECK_RV(C_Finalize(&app), CKR_ARGUMENTS_BAD);
	CHECK_RV(C_Finalize(NULL), CKR_OK);
	CHECK_RV(C_Initialize(&os), CKR_OK);
	m = p11_mutex_new();
	p11_mutex_lock(m);
	p11_mutex_unlock(m);
	p11_mutex_free(m);
	CHECK(mutexes_created == 1 && mutex_locks == 1);
	CHECK_RV(C_Finalize(NULL), CKR_OK);
	CHECK_RV(C_Finalize(NULL), CKR_CRYPTOKI_NOT_INITIALIZED);
}

static void function_lists_and_interfaces(void)
{
	CK_FUNCTION_LIST_PTR v2 = NULL;
	CK_INTERFACE list[4];
	CK_INTERFACE_PTR it = NULL;
	CK_ULONG n = 0;
	CK_VERSION v240 = { 2, 40 }, v30 = { 3, 0 }, v31 = { 3, 1 };
	CK_INFO info;

	CHECK_RV(C_GetFunctionList(NULL), CKR_ARGUMENTS_BAD);
	CHECK_RV(C_GetFunctionList(&v2), CKR_OK);
	CHECK(v2->version.major == 2 && v2->version.minor == 40);
	void *const *slots = (void *const *)&v2->C_Initialize;

	for (size_t i = 0; i < 68; i++)
		CHECK(slots[i] != NULL);
	CHECK_RV(C_GetInterfaceList(NULL, &n), CKR_OK);
	CHECK(n == 2);
	n = 1;
	CHECK_RV(C_GetInterfaceList(list, &n), CKR_BUFFER_TOO_SMALL);
	CHECK(n == 2);
	n = 4;
	CHECK_RV(C_GetInterfaceList(list, &n), CKR_OK);
	CHECK(strcmp((char *)list[0].pInterfaceName, "PKCS 11") == 0);
	CHECK_RV(C_GetInterface(NULL, NULL, &it, 0), CKR_OK);
	CK_FUNCTION_LIST_3_0_PTR v3 = it->pFunctionList;

	CHECK(v3->version.major == 3 && v3->version.minor == 0);
	slots = (void *const *)&v3->C_Initialize;
	for (size_t i = 0; i < 92; i++)
		CHECK(slots[i] != NULL);
	CHECK(v3->C_LoginUser == C_LoginUser && v3->C_MessageVerifyFinal == C_MessageVerifyFinal);
	CHECK(v3->C_WaitForSlotEvent == C_WaitForSlotEvent);
	CHECK_RV(C_GetInterface((CK_UTF8CHAR_PTR) "PKCS 11", &v240, &it, 0), CKR_OK);
	CHECK(it->pFunctionList == v2);
	CHECK_RV(C_GetInterface((CK_UTF8CHAR_PTR) "PKCS 11", &v30, &it, 0), CKR_OK);
	CHECK(it->pFunctionList == v3);
	CHECK_RV(C_GetInterface((CK_UTF8CHAR_PTR) "PKCS 11", &v31, &it, 0), CKR_ARGUMENTS_BAD);
	CHECK_RV(C_GetInterface((CK_UTF8CHAR_PTR) "Vendor", NULL, &it, 0), CKR_ARGUMENTS_BAD);
	CHECK_RV(C_GetInterface(NULL, NULL, &it, CKF_INTERFACE_FORK_SAFE), CKR_ARGUMENTS_BAD);
	CHECK_RV(C_GetInterface(NULL, NULL, NULL, 0), CKR_ARGUMENTS_BAD);
	CHECK_RV(C_Initialize(NULL), CKR_OK);
	CHECK_RV(v2->C_GetInfo(&info), CKR_OK);
	CHECK(info.cryptokiVersion.major == 2 && info.cryptokiVersion.minor == 40);
	CHECK_RV(v3->C_GetInfo(&info), CKR_OK);
	CHECK(info.cryptokiVersion.major == 3 && info.cryptokiVersion.minor == 0);
	CHECK(memcmp(info.manufacturerID, "jtee ", 5) == 0);
	CHECK_RV(C_GetInfo(NULL), CKR_ARGUMENTS_BAD);
	CHECK_RV(C_Finalize(NULL), CKR_OK);
}

/* ---- Serialisation --------------------------------------------------------------------- */

/* Compares b's bytes with the u32 words and bytes described by a spec string of hex. */
static bool bytes_are(const uint8_t *got, size_t len, const char *hex)
{
	size_t n = strlen(hex) / 2;

	if (n != len)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned v;

		sscanf(hex + 2 * i, "%2x", &v);
		if (got[i] != v)
			return false;
	}
	return true;
}

static void templates_serialise_each_kind_of_value(void)
{
	CK_OBJECT_CLASS cls = CKO_SECRET_KEY;
	CK_BBOOL yes = CK_TRUE;
	CK_MECHANISM_TYPE allowed[] = { CKM_AES_CBC, CKM_AES_GCM };
	CK_ULONG unavailable = CK_UNAVAILABLE_INFORMATION;
	CK_ATTRIBUTE inner[] = { { CKA_ENCRYPT, &yes, 1 } };
	CK_ATTRIBUTE t[] = {
		{ CKA_CLASS, &cls, sizeof(cls) },
		{ CKA_TOKEN, &yes, 1 },
		{ CKA_LABEL, "ab", 2 },
		{ CKA_ID, NULL, 5 },
		{ CKA_ALLOWED_MECHANISMS, allowed, sizeof(allowed) },
		{ CKA_WRAP_TEMPLATE, inner, sizeof(inner) },
		{ CKA_VALUE_LEN, &unavailable, sizeof(unavailable) },
	};
	struct p11_buf b;

	p11_buf_init(&b);
	p11_ser_template(&b, t, 7);
	CHECK_RV(b.rv, CKR_OK);
	CHECK(bytes_are(b.data, b.len,
			"5c000000" "07000000"                     /* head: 92 bytes, 7 records */
			"00000000" "04000000" "04000000"          /* CLASS u32 */
			"01000000" "01000000" "01"                /* TOKEN */
			"03000000" "02000000" "6162"              /* LABEL */
			"02010000" "00000000"                     /* ID, NULL value */
			"00060040" "08000000" "82100000" "87100000" /* ALLOWED_MECHANISMS */
			"11020040" "11000000"                     /* WRAP_TEMPLATE: 17 bytes */
			"09000000" "01000000" "04010000" "01000000" "01"
			"61010000" "04000000" "ffffffff"));       /* VALUE_LEN unavailable */
	p11_buf_free(&b);
	p11_buf_init(&b);
	p11_ser_template(&b, NULL, 0);
	CHECK(bytes_are(b.data, b.len, "0000000000000000"));
	p11_buf_free(&b);
}

static CK_RV template_rv(CK_ATTRIBUTE *t, CK_ULONG n)
{
	struct p11_buf b;

	p11_buf_init(&b);
	p11_ser_template(&b, t, n);
	CK_RV rv = b.rv;

	p11_buf_free(&b);
	return rv;
}

static void templates_refuse_what_does_not_fit_32_bits(void)
{
	CK_ULONG huge = (CK_ULONG)1 << 40;
	CK_ULONG small = 1;
	CK_MECHANISM_TYPE bad_mech[] = { CKM_AES_CBC, (CK_ULONG)0xFFFFFFFF };
	CK_ATTRIBUTE too_big_value[] = { { CKA_CLASS, &huge, sizeof(huge) } };
	CK_ATTRIBUTE too_big_type[] = { { (CK_ULONG)1 << 33, "x", 1 } };
	CK_ATTRIBUTE short_ulong[] = { { CKA_KEY_TYPE, &small, 4 } };
	CK_ATTRIBUTE bad_allowed[] = { { CKA_ALLOWED_MECHANISMS, bad_mech, sizeof(bad_mech) } };
	CK_ATTRIBUTE odd_allowed[] = { { CKA_ALLOWED_MECHANISMS, bad_mech, 12 } };
	CK_ATTRIBUTE odd_nested[] = { { CKA_DERIVE_TEMPLATE, too_big_value, 10 } };
	CK_ATTRIBUTE nested_bad[] = { { CKA_UNWRAP_TEMPLATE, too_big_value,
					sizeof(too_big_value) } };
	CK_ATTRIBUTE huge_len[] = { { CKA_LABEL, "x", (CK_ULONG)1 << 32 } };

	CHECK_RV(template_rv(too_big_value, 1), CKR_ATTRIBUTE_VALUE_INVALID);
	CHECK_RV(template_rv(too_big_type, 1), CKR_ATTRIBUTE_TYPE_INVALID);
	CHECK_RV(template_rv(short_ulong, 1), CKR_ATTRIBUTE_VALUE_INVALID);
	CHECK_RV(template_rv(bad_allowed, 1), CKR_ATTRIBUTE_VALUE_INVALID);
	CHECK_RV(template_rv(odd_allowed, 1), CKR_ATTRIBUTE_VALUE_INVALID);
	CHECK_RV(template_rv(odd_nested, 1), CKR_ATTRIBUTE_VALUE_INVALID);
	CHECK_RV(template_rv(nested_bad, 1), CKR_ATTRIBUTE_VALUE_INVALID);
	CHECK_RV(template_rv(huge_len, 1), CKR_ATTRIBUTE_VALUE_INVALID);
	CHECK_RV(template_rv(NULL, 2), CKR_ARGUMENTS_BAD);
}

static CK_RV mech_bytes(CK_MECHANISM_TYPE type, void *param, CK_ULONG len, const char *hex)
{
	CK_MECHANISM m = { type, param, len };
	struct p11_buf b;

	p11_buf_init(&b);
	p11_ser_mechanism(&b, &m);
	CK_RV rv = b.rv;

	if (rv == CKR_OK && hex && !bytes_are(b.data, b.len, hex)) {
		printf("# mechanism 0x%lx serialised as ", type);
		for (size_t i = 0; i < b.len; i++)
			printf("%02x", b.data[i]);
		printf("\n");
		rv = CKR_GENERAL_ERROR;
	}
	p11_buf_free(&b);
	return rv;
}

static void mechanism_parameters_serialise_as_the_abi_says(void)
{
	CK_BYTE iv[16] = { 1, 2, 3 };
	CK_BYTE aad[2] = { 0xaa, 0xbb };
	CK_GCM_PARAMS gcm = { iv, 12, 96, aad, 2, 128 };
	struct { CK_BYTE_PTR iv; CK_ULONG iv_len; CK_BYTE_PTR aad; CK_ULONG aad_len;
		 CK_ULONG tag; } gcm240 = { iv, 12, NULL, 0, 96 };
	CK_AES_CTR_PARAMS ctr = { 1, { 0xc0 } };
	CK_RSA_PKCS_OAEP_PARAMS oaep = { CKM_SHA256, CKG_MGF1_SHA256, CKZ_DATA_SPECIFIED, "L", 1 };
	CK_RSA_PKCS_PSS_PARAMS pss = { CKM_SHA256, CKG_MGF1_SHA256, 32 };
	CK_BYTE point[3] = { 4, 5, 6 };
	CK_ECDH1_DERIVE_PARAMS ecdh = { CKD_NULL, 0, NULL, 3, point };
	CK_EDDSA_PARAMS eddsa = { CK_TRUE, 2, (CK_BYTE_PTR) "cx" };
	CK_KEY_DERIVATION_STRING_DATA ecb_data = { iv, 16 };
	CK_AES_CBC_ENCRYPT_DATA_PARAMS cbc_data = { { 9 }, iv, 16 };
	CK_RSA_AES_KEY_WRAP_PARAMS rsa_aes = { 256, &oaep };
	CK_MAC_GENERAL_PARAMS mac_len = 8;
	CK_SIGN_ADDITIONAL_CONTEXT ml = { CKH_DETERMINISTIC_REQUIRED, (CK_BYTE_PTR) "c", 1 };

	CHECK_RV(mech_bytes(CKM_AES_GCM, &gcm, sizeof(gcm),
			    "87100000" "1a000000" "0c000000" "010203000000000000000000"
			    "02000000" "aabb" "80000000"), CKR_OK);
	CHECK_RV(mech_bytes(CKM_AES_GCM, &gcm240, sizeof(gcm240),
			    "87100000" "18000000" "0c000000" "010203000000000000000000"
			    "00000000" "60000000"), CKR_OK);
	CHECK_RV(mech_bytes(CKM_AES_CTR, &ctr, sizeof(ctr),
			    "86100000" "14000000" "01000000" "c0000000000000000000000000000000"),
		 CKR_OK);
	CHECK_RV(mech_bytes(CKM_AES_CBC, iv, 16,
			    "82100000" "10000000" "01020300000000000000000000000000"), CKR_OK);
	CHECK_RV(mech_bytes(CKM_RSA_PKCS_OAEP, &oaep, sizeof(oaep),
			    "09000000" "11000000" "50020000" "02000000" "01000000" "01000000" "4c"),
		 CKR_OK);
	CHECK_RV(mech_bytes(CKM_SHA256_RSA_PKCS_PSS, &pss, sizeof(pss),
			    "43000000" "0c000000" "50020000" "02000000" "20000000"), CKR_OK);
	CHECK_RV(mech_bytes(CKM_ECDH1_DERIVE, &ecdh, sizeof(ecdh),
			    "50100000" "0f000000" "01000000" "00000000" "03000000" "040506"),
		 CKR_OK);
	CHECK_RV(mech_bytes(CKM_EDDSA, &eddsa, sizeof(eddsa),
			    "57100000" "0a000000" "01000000" "02000000" "6378"), CKR_OK);
	CHECK_RV(mech_bytes(CKM_EDDSA, NULL, 0, "57100000" "08000000" "00000000" "00000000"),
		 CKR_OK);
	CHECK_RV(mech_bytes(CKM_AES_ECB_ENCRYPT_DATA, &ecb_data, sizeof(ecb_data),
			    "04110000" "14000000" "10000000" "01020300000000000000000000000000"),
		 CKR_OK);
	CHECK_RV(mech_bytes(CKM_AES_CBC_ENCRYPT_DATA, &cbc_data, sizeof(cbc_data),
			    "05110000" "24000000" "09000000000000000000000000000000"
			    "10000000" "01020300000000000000000000000000"), CKR_OK);
	CHECK_RV(mech_bytes(CKM_RSA_AES_KEY_WRAP, &rsa_aes, sizeof(rsa_aes),
			    "54100000" "15000000" "00010000" "50020000" "02000000" "01000000"
			    "01000000" "4c"), CKR_OK);
	CHECK_RV(mech_bytes(CKM_SHA256_HMAC_GENERAL, &mac_len, sizeof(mac_len),
			    "52020000" "04000000" "08000000"), CKR_OK);
	CHECK_RV(mech_bytes(CKM_ML_DSA, &ml, sizeof(ml),
			    "1d000000" "09000000" "02000000" "01000000" "63"), CKR_OK);
	CHECK_RV(mech_bytes(CKM_ML_DSA, NULL, 0, "1d000000" "00000000"), CKR_OK);
	CHECK_RV(mech_bytes(CKM_ML_KEM_KEY_PAIR_GEN, NULL, 0, "0f000000" "00000000"), CKR_OK);
	CHECK_RV(mech_bytes(CKM_SHA256, NULL, 0, "50020000" "00000000"), CKR_OK);
	/* the standard's full-block counter is the TA's 1; OpenSC's "no label" is an empty label */
	CK_AES_CTR_PARAMS ctr128 = { 128, { 0 } };
	CK_RSA_PKCS_OAEP_PARAMS no_label = { CKM_SHA256, CKG_MGF1_SHA256, 0, NULL, 0 };

	CHECK_RV(mech_bytes(CKM_AES_CTR, &ctr128, sizeof(ctr128),
			    "86100000" "14000000" "01000000" "00000000000000000000000000000000"),
		 CKR_OK);
	CHECK_RV(mech_bytes(CKM_RSA_PKCS_OAEP, &no_label, sizeof(no_label),
			    "09000000" "10000000" "50020000" "02000000" "01000000" "00000000"),
		 CKR_OK);
}

static void mechanism_parameters_are_checked(void)
{
	CK_ULONG huge_bits = (CK_ULONG)1 << 40;
	CK_AES_CTR_PARAMS ctr = { huge_bits, { 0 } };
	CK_GCM_PARAMS no_iv = { NULL, 12, 96, NULL, 0, 128 };
	CK_RSA_PKCS_PSS_PARAMS pss = { CKM_SHA256, CKG_MGF1_SHA256, 32 };
	CK_RSA_AES_KEY_WRAP_PARAMS no_oaep = { 256, NULL };
	CK_ECDH1_DERIVE_PARAMS null_data = { CKD_NULL, 4, NULL, 0, NULL };
	CK_BYTE x = 0;

	CHECK_RV(mech_bytes(CKM_AES_ECB, &x, 1, NULL), CKR_MECHANISM_PARAM_INVALID);
	CHECK_RV(mech_bytes(CKM_AES_CTR, &ctr, sizeof(ctr), NULL), CKR_MECHANISM_PARAM_INVALID);
	CHECK_RV(mech_bytes(CKM_AES_CTR, &ctr, 8, NULL), CKR_MECHANISM_PARAM_INVALID);
	CHECK_RV(mech_bytes(CKM_AES_GCM, &no_iv, sizeof(no_iv), NULL), CKR_MECHANISM_PARAM_INVALID);
	CHECK_RV(mech_bytes(CKM_RSA_PKCS_PSS, &pss, 16, NULL), CKR_MECHANISM_PARAM_INVALID);
	CHECK_RV(mech_bytes(CKM_RSA_PKCS_PSS, NULL, 0, NULL), CKR_MECHANISM_PARAM_INVALID);
	CHECK_RV(mech_bytes(CKM_RSA_AES_KEY_WRAP, &no_oaep, sizeof(no_oaep), NULL),
		 CKR_MECHANISM_PARAM_INVALID);
	CHECK_RV(mech_bytes(CKM_ECDH1_DERIVE, &null_data, sizeof(null_data), NULL),
		 CKR_MECHANISM_PARAM_INVALID);
	CHECK_RV(mech_bytes(CKM_AES_CBC, NULL, 16, NULL), CKR_MECHANISM_PARAM_INVALID);
	CHECK_RV(mech_bytes(CKM_VENDOR_DEFINED + 7, &x, 1, NULL), CKR_MECHANISM_INVALID);
	CHECK_RV(mech_bytes((CK_ULONG)1 << 32, NULL, 0, NULL), CKR_MECHANISM_INVALID);
	CHECK_RV(mech_bytes(CKM_VENDOR_DEFINED + 7, NULL, 0, "07000080" "00000000"), CKR_OK);
}

/* The TA's answer to the GAV test template, rewritten in place as ABI §4.5 describes. */
static void edit_gav(uint8_t *p2, size_t len)
{
	(void)len;
	/* record 0: CLASS (room 4) = 4; 1: LABEL query (room 0) -> 5; 2: VALUE room 2 -> too
	 * small (0xFFFFFFFF); 3: ALLOWED room 8 -> one mechanism; 4: KEY_GEN_MECHANISM -> none */
	size_t at = 8;

	p11_put_u32(p2 + at + 4, 4);
	p11_put_u32(p2 + at + 8, CKO_SECRET_KEY);
	at += 12;
	p11_put_u32(p2 + at + 4, 5);
	at += 8;
	p11_put_u32(p2 + at + 4, 0xFFFFFFFF);
	at += 10;
	p11_put_u32(p2 + at + 4, 4);
	p11_put_u32(p2 + at + 8, CKM_AES_GCM);
	at += 16;
	p11_put_u32(p2 + at + 4, 4);
	p11_put_u32(p2 + at + 8, 0xFFFFFFFF);
}

static void answer_size_4(uint8_t *p2, size_t len)
{
	(void)len;
	p11_put_u32(p2 + 12, 4);
}

static void get_attribute_value_round_trip(void)
{
	CK_OBJECT_CLASS cls = 99;
	CK_BYTE value[2];
	CK_MECHANISM_TYPE allowed[2] = { 0, 0 };
	CK_MECHANISM_TYPE gen = 0;
	CK_ATTRIBUTE t[] = {
		{ CKA_CLASS, &cls, sizeof(cls) },
		{ CKA_LABEL, NULL, 0 },
		{ CKA_VALUE, value, sizeof(value) },
		{ CKA_ALLOWED_MECHANISMS, allowed, sizeof(allowed) },
		{ CKA_KEY_GEN_MECHANISM, &gen, sizeof(gen) },
	};

	reset();
	answer.echo_ctl_template = true;
	answer.edit = edit_gav;
	answer.teec = TEEC_ERROR_SHORT_BUFFER;
	CHECK_RV(C_GetAttributeValue(7, 9, t, 5), CKR_BUFFER_TOO_SMALL);
	CHECK(sent.cmd == P11_CMD_GET_ATTRIBUTE_VALUE);
	CHECK(ctl_u32(0) == 7 && ctl_u32(4) == 9);
	/* head: 5 records of 12 + 8 + 10 + 16 + 12 = 58 bytes; p2 offers as much */
	CHECK(ctl_u32(8) == 58 && ctl_u32(12) == 5 && sent.p2_len == 66);
	CHECK(cls == CKO_SECRET_KEY && t[0].ulValueLen == sizeof(CK_ULONG));
	CHECK(t[1].ulValueLen == 5);
	CHECK(t[2].ulValueLen == CK_UNAVAILABLE_INFORMATION);
	CHECK(t[3].ulValueLen == sizeof(CK_ULONG) && allowed[0] == CKM_AES_GCM);
	CHECK(gen == CK_UNAVAILABLE_INFORMATION);
	/* a CK_ULONG attribute offered less than a CK_ULONG is too small here */
	CK_ATTRIBUTE short_ulong[] = { { CKA_KEY_TYPE, &gen, 4 } };

	reset();
	answer.echo_ctl_template = true;
	answer.edit = answer_size_4;
	CHECK_RV(C_GetAttributeValue(7, 9, short_ulong, 1), CKR_BUFFER_TOO_SMALL);
	CHECK(ctl_u32(20) == 0); /* offered no room */
	CHECK(short_ulong[0].ulValueLen == CK_UNAVAILABLE_INFORMATION);
	reset();
	CHECK_RV(C_GetAttributeValue(7, 9, NULL, 1), CKR_ARGUMENTS_BAD);
	CHECK(sent.calls == 0);
}

static void status_words_and_tee_results_map_to_ck_rv(void)
{
	uint8_t st[4];

	p11_put_u32(st, CKR_PIN_INCORRECT);
	CHECK_RV(p11_status(TEEC_SUCCESS, st, 4), CKR_PIN_INCORRECT);
	CHECK_RV(p11_status(TEEC_SUCCESS, st, 8), CKR_GENERAL_ERROR);
	CHECK_RV(p11_status(TEEC_ERROR_SHORT_BUFFER, st, 4), CKR_BUFFER_TOO_SMALL);
	CHECK_RV(p11_status(TEEC_ERROR_OUT_OF_MEMORY, st, 4), CKR_DEVICE_MEMORY);
	CHECK_RV(p11_status(TEEC_ERROR_COMMUNICATION, st, 4), CKR_DEVICE_ERROR);
	CHECK_RV(p11_status(TEEC_ERROR_TARGET_DEAD, st, 4), CKR_DEVICE_ERROR);
	CHECK_RV(p11_status(TEEC_ERROR_BAD_PARAMETERS, st, 4), CKR_GENERAL_ERROR);
	CHECK(p11_ulong(0xFFFFFFFF) == CK_UNAVAILABLE_INFORMATION && p11_ulong(5) == 5);
}

/* ---- Functions through the fake TA ------------------------------------------------------ */

static void slot_list_size_query_and_fill(void)
{
	CK_SLOT_ID slots[4] = { 9, 9, 9, 9 };
	CK_ULONG n = 0;

	reset();
	answer.teec = TEEC_ERROR_SHORT_BUFFER;
	answer.p2_size = 12;
	CHECK_RV(C_GetSlotList(CK_TRUE, NULL, &n), CKR_OK);
	CHECK(n == 3 && sent.cmd == P11_CMD_SLOT_LIST && sent.p2_type == P11_P2_OUT);
	CHECK(sent.p2_len == 0 && sent.ctl_len == 4);
	n = 2;
	CHECK_RV(C_GetSlotList(CK_TRUE, slots, &n), CKR_BUFFER_TOO_SMALL);
	CHECK(n == 3 && sent.p2_len == 8);
	reset();
	memcpy(answer.p2, "\0\0\0\0\1\0\0\0\2\0\0\0", 12);
	answer.p2_bytes = answer.p2_size = 12;
	n = 4;
	CHECK_RV(C_GetSlotList(CK_TRUE, slots, &n), CKR_OK);
	CHECK(n == 3 && slots[0] == 0 && slots[1] == 1 && slots[2] == 2 && slots[3] == 9);
	CHECK_RV(C_GetSlotList(CK_TRUE, slots, NULL), CKR_ARGUMENTS_BAD);
}

static void token_info_widens_unavailable_fields(void)
{
	CK_TOKEN_INFO info;
	uint8_t raw[P11_TOKEN_INFO_BYTES];

	memset(raw, ' ', 96);
	memset(raw + 96, 0, 64);
	p11_put_u32(raw + 96, CKF_RNG | CKF_TOKEN_INITIALIZED);
	p11_put_u32(raw + 100, 0xFFFFFFFF);
	p11_put_u32(raw + 104, 2);
	p11_put_u32(raw + 116, 128);
	p11_put_u32(raw + 120, 4);
	p11_put_u32(raw + 124, 0xFFFFFFFF);
	raw[142] = 1;
	reset();
	memcpy(answer.p2, raw, sizeof(raw));
	answer.p2_bytes = answer.p2_size = sizeof(raw);
	CHECK_RV(C_GetTokenInfo(2, &info), CKR_OK);
	CHECK(sent.cmd == P11_CMD_TOKEN_INFO && ctl_u32(0) == 2 && sent.p2_len == 160);
	CHECK(info.flags == (CKF_RNG | CKF_TOKEN_INITIALIZED));
	CHECK(info.ulMaxSessionCount == CK_UNAVAILABLE_INFORMATION && info.ulSessionCount == 2);
	CHECK(info.ulMaxPinLen == 128 && info.ulMinPinLen == 4);
	CHECK(info.ulTotalPublicMemory == CK_UNAVAILABLE_INFORMATION);
	CHECK(info.firmwareVersion.major == 1);
	/* a TA answering fewer bytes than the structure is a device error */
	answer.p2_size = 100;
	CHECK_RV(C_GetTokenInfo(2, &info), CKR_DEVICE_ERROR);
	reset();
	CHECK_RV(C_GetTokenInfo((CK_ULONG)1 << 32, &info), CKR_SLOT_ID_INVALID);
	CHECK_RV(C_GetTokenInfo(0, NULL), CKR_ARGUMENTS_BAD);
	CHECK(sent.calls == 0);
}

static void sessions_and_login_send_the_abi_fields(void)
{
	CK_SESSION_HANDLE h = 0;

	reset();
	CHECK_RV(C_OpenSession(0, CKF_RW_SESSION, NULL, NULL, &h), CKR_SESSION_PARALLEL_NOT_SUPPORTED);
	CHECK_RV(C_OpenSession(0, CKF_SERIAL_SESSION | 0x80, NULL, NULL, &h), CKR_ARGUMENTS_BAD);
	CHECK_RV(C_OpenSession(0, CKF_SERIAL_SESSION, NULL, NULL, NULL), CKR_ARGUMENTS_BAD);
	CHECK(sent.calls == 0);
	memcpy(answer.p2, "\x05\0\0\0", 4);
	answer.p2_bytes = answer.p2_size = 4;
	CHECK_RV(C_OpenSession(2, CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL, NULL, &h), CKR_OK);
	CHECK(h == 5 && sent.cmd == P11_CMD_OPEN_SESSION && ctl_u32(0) == 2 && ctl_u32(4) == 6);
	reset();
	CHECK_RV(C_Login(5, CKU_USER, (CK_UTF8CHAR_PTR) "1234", 4), CKR_OK);
	CHECK(sent.cmd == P11_CMD_LOGIN && sent.ctl_len == 16 && ctl_u32(0) == 5 && ctl_u32(4) == 1);
	CHECK(ctl_u32(8) == 4 && memcmp(sent.ctl + 12, "1234", 4) == 0);
	CHECK_RV(C_LoginUser(5, CKU_SO, (CK_UTF8CHAR_PTR) "12345678", 8, NULL, 0), CKR_OK);
	CHECK(sent.cmd == P11_CMD_LOGIN && ctl_u32(4) == 0 && ctl_u32(8) == 8);
	CHECK_RV(C_LoginUser(5, CKU_SO, (CK_UTF8CHAR_PTR) "1234", 4, (CK_UTF8CHAR_PTR) "bob", 3),
		 CKR_FUNCTION_NOT_SUPPORTED);
	CHECK_RV(C_SetPIN(5, (CK_UTF8CHAR_PTR) "old1", 4, (CK_UTF8CHAR_PTR) "newpin", 6), CKR_OK);
	CHECK(sent.cmd == P11_CMD_SET_PIN && ctl_u32(4) == 4 && ctl_u32(8) == 6);
	CHECK(memcmp(sent.ctl + 12, "old1newpin", 10) == 0);
	CHECK_RV(C_InitToken(2, (CK_UTF8CHAR_PTR) "12345678", 8,
			     (CK_UTF8CHAR_PTR) "label                           "), CKR_OK);
	CHECK(sent.cmd == P11_CMD_INIT_TOKEN && sent.ctl_len == 4 + 4 + 32 + 8);
	CHECK(memcmp(sent.ctl + 8, "label ", 6) == 0 && memcmp(sent.ctl + 40, "12345678", 8) == 0);
	reset();
	CHECK_RV(C_Login((CK_ULONG)1 << 32 | 5, CKU_USER, NULL, 0), CKR_SESSION_HANDLE_INVALID);
	CHECK_RV(C_Login(5, (CK_ULONG)1 << 32, NULL, 0), CKR_USER_TYPE_INVALID);
	CHECK_RV(C_Login(5, CKU_USER, NULL, 4), CKR_ARGUMENTS_BAD);
	CHECK_RV(C_InitToken(0, NULL, 0, NULL), CKR_ARGUMENTS_BAD);
	CHECK_RV(C_CloseSession(CK_UNAVAILABLE_INFORMATION), CKR_SESSION_HANDLE_INVALID);
	CHECK(sent.calls == 0);
	answer.status = CKR_PIN_INCORRECT;
	CHECK_RV(C_Login(5, CKU_USER, (CK_UTF8CHAR_PTR) "0000", 4), CKR_PIN_INCORRECT);
}

static void outputs_follow_the_size_protocol(void)
{
	CK_BYTE out[64];
	CK_ULONG len = 0;
	static CK_BYTE big[1 << 20];

	reset();
	answer.teec = TEEC_ERROR_SHORT_BUFFER;
	answer.p2_size = 32;
	CHECK_RV(C_Encrypt(3, (CK_BYTE_PTR) "abc", 3, NULL, &len), CKR_OK);
	CHECK(len == 32 && sent.cmd == P11_CMD_ENCRYPT_ONESHOT && sent.p2_len == 0);
	CHECK(sent.p1_present && sent.p1_len == 3 && memcmp(sent.p1, "abc", 3) == 0);
	len = 16;
	CHECK_RV(C_Encrypt(3, (CK_BYTE_PTR) "abc", 3, out, &len), CKR_BUFFER_TOO_SMALL);
	CHECK(len == 32 && sent.p2_len == 16);
	reset();
	memcpy(answer.p2, "0123456789abcdef", 16);
	answer.p2_bytes = answer.p2_size = 16;
	len = sizeof(out);
	CHECK_RV(C_Sign(3, (CK_BYTE_PTR) "m", 1, out, &len), CKR_OK);
	CHECK(len == 16 && memcmp(out, "0123456789abcdef", 16) == 0);
	/* a large buffer is offered in part first, then as much as the TA asks for */
	reset();
	answer.short_until = 100000;
	answer.p2_size = 100000;
	len = sizeof(big);
	CHECK_RV(C_Decrypt(3, (CK_BYTE_PTR) "c", 1, big, &len), CKR_OK);
	CHECK(len == 100000 && sent.calls == 2 && sent.p2_len == 100000);
	/* a TA that answers OK with more than was offered is a device error */
	reset();
	answer.p2_size = 65;
	len = sizeof(out);
	CHECK_RV(C_Sign(3, (CK_BYTE_PTR) "m", 1, out, &len), CKR_DEVICE_ERROR);
}

static void empty_inputs_are_sent_as_each_command_expects(void)
{
	CK_BYTE out[16];
	CK_ULONG len = sizeof(out);

	reset();
	CHECK_RV(C_EncryptUpdate(3, (CK_BYTE_PTR) "", 0, out, &len), CKR_OK);
	CHECK(sent.cmd == P11_CMD_ENCRYPT_UPDATE && !sent.p1_present);
	CHECK_RV(C_SignUpdate(3, (CK_BYTE_PTR) "", 0), CKR_OK);
	CHECK(sent.cmd == P11_CMD_SIGN_UPDATE && sent.p1_present && sent.p1_len == 0);
	CHECK(sent.p2_type == P11_P2_NONE);
	CHECK_RV(C_DigestUpdate(3, NULL, 0), CKR_OK);
	CHECK(sent.cmd == P11_CMD_DIGEST_UPDATE && !sent.p1_present);
	len = sizeof(out);
	CHECK_RV(C_Decrypt(3, NULL, 0, out, &len), CKR_OK);
	CHECK(sent.cmd == P11_CMD_DECRYPT_ONESHOT && !sent.p1_present);
	len = sizeof(out);
	CHECK_RV(C_DigestFinal(3, out, &len), CKR_OK);
	CHECK(sent.cmd == P11_CMD_DIGEST_FINAL && !sent.p1_present && sent.p2_type == P11_P2_OUT);
	CHECK_RV(C_Verify(3, (CK_BYTE_PTR) "data", 4, (CK_BYTE_PTR) "sig", 3), CKR_OK);
	CHECK(sent.cmd == P11_CMD_VERIFY_ONESHOT && sent.p1_len == 4 && sent.p2_type == P11_P2_IN);
	CHECK(sent.p2_len == 3 && memcmp(sent.p2_in, "sig", 3) == 0);
	CHECK_RV(C_VerifyFinal(3, (CK_BYTE_PTR) "sig", 3), CKR_OK);
	CHECK(sent.cmd == P11_CMD_VERIFY_FINAL && !sent.p1_present && sent.p2_type == P11_P2_IN);
}

static void bad_step_arguments_end_the_operation(void)
{
	CK_BYTE out[16];

	reset();
	CHECK_RV(C_EncryptUpdate(3, NULL, 5, out, NULL), CKR_ARGUMENTS_BAD);
	CHECK(sent.calls == 1 && sent.cmd == P11_CMD_RELEASE_ACTIVE_PROCESSING);
	CHECK(ctl_u32(0) == 3 && ctl_u32(4) == P11_CMD_ENCRYPT_UPDATE);
	CHECK_RV(C_DigestFinal(3, out, NULL), CKR_ARGUMENTS_BAD);
	CHECK(ctl_u32(4) == P11_CMD_DIGEST_FINAL);
	CHECK_RV(C_Verify(3, (CK_BYTE_PTR) "d", 1, NULL, 4), CKR_ARGUMENTS_BAD);
	CHECK(ctl_u32(4) == P11_CMD_VERIFY_ONESHOT);
	reset();
	CHECK_RV(C_EncryptInit(3, NULL, 1), CKR_ARGUMENTS_BAD);
	CHECK_RV(C_SignInit(3, NULL, (CK_ULONG)1 << 32), CKR_KEY_HANDLE_INVALID);
	CHECK(sent.calls == 0);
}

static void init_and_key_commands_send_their_fields(void)
{
	CK_MECHANISM aes = { CKM_AES_KEY_GEN, NULL, 0 };
	CK_ULONG len = 16;
	CK_ATTRIBUTE t[] = { { CKA_VALUE_LEN, &len, sizeof(len) } };
	CK_OBJECT_HANDLE h = 0, pub = 0, priv = 0;

	reset();
	CHECK_RV(C_SignInit(3, &aes, 12), CKR_OK);
	CHECK(sent.cmd == P11_CMD_SIGN_INIT && ctl_u32(0) == 3 && ctl_u32(4) == 12);
	CHECK(ctl_u32(8) == CKM_AES_KEY_GEN && ctl_u32(12) == 0 && sent.ctl_len == 16);
	CHECK_RV(C_DigestInit(3, &aes), CKR_OK);
	CHECK(sent.cmd == P11_CMD_DIGEST_INIT && ctl_u32(4) == CKM_AES_KEY_GEN && sent.ctl_len == 12);
	memcpy(answer.p2, "\x11\0\0\0\x12\0\0\0", 8);
	answer.p2_bytes = answer.p2_size = 4;
	CHECK_RV(C_GenerateKey(3, &aes, t, 1, &h), CKR_OK);
	CHECK(h == 0x11 && sent.cmd == P11_CMD_GENERATE_KEY && sent.p2_len == 4);
	CHECK(ctl_u32(12) == 12 && ctl_u32(16) == 1 && ctl_u32(20) == CKA_VALUE_LEN);
	answer.p2_bytes = answer.p2_size = 8;
	CHECK_RV(C_GenerateKeyPair(3, &aes, t, 1, NULL, 0, &pub, &priv), CKR_OK);
	CHECK(pub == 0x11 && priv == 0x12 && sent.cmd == P11_CMD_GENERATE_KEY_PAIR);
	answer.p2_bytes = answer.p2_size = 4;
	CHECK_RV(C_UnwrapKey(3, &aes, 7, (CK_BYTE_PTR) "wrapped", 7, t, 1, &h), CKR_OK);
	CHECK(sent.cmd == P11_CMD_UNWRAP_KEY && ctl_u32(4) == 7 && sent.p1_present);
	CHECK(sent.p1_len == 7 && memcmp(sent.p1, "wrapped", 7) == 0);
	CHECK_RV(C_DeriveKey(3, &aes, 8, t, 1, &h), CKR_OK);
	CHECK(sent.cmd == P11_CMD_DERIVE_KEY && ctl_u32(4) == 8 && !sent.p1_present);
	CHECK_RV(C_DecapsulateKey(3, &aes, 8, t, 1, (CK_BYTE_PTR) "ct", 2, &h), CKR_OK);
	CHECK(sent.cmd == P11_CMD_DECAPSULATE_KEY && sent.p1_len == 2);
	reset();
	CHECK_RV(C_UnwrapKey(3, &aes, 7, NULL, 7, t, 1, &h), CKR_ARGUMENTS_BAD);
	CHECK_RV(C_WrapKey(3, &aes, (CK_ULONG)1 << 32, 1, NULL, &len), CKR_WRAPPING_KEY_HANDLE_INVALID);
	CHECK_RV(C_WrapKey(3, &aes, 1, (CK_ULONG)1 << 32, NULL, &len), CKR_KEY_HANDLE_INVALID);
	CHECK_RV(C_UnwrapKey(3, &aes, (CK_ULONG)1 << 32, (CK_BYTE_PTR) "w", 1, t, 1, &h),
		 CKR_UNWRAPPING_KEY_HANDLE_INVALID);
	CHECK_RV(C_GenerateKeyPair(3, &aes, t, 1, NULL, 0, NULL, &priv), CKR_ARGUMENTS_BAD);
	CHECK(sent.calls == 0);
	answer.teec = TEEC_ERROR_SHORT_BUFFER;
	answer.p2_size = 40;
	len = 0;
	CHECK_RV(C_WrapKey(3, &aes, 1, 2, NULL, &len), CKR_OK);
	CHECK(len == 40 && sent.cmd == P11_CMD_WRAP_KEY && ctl_u32(4) == 1 && ctl_u32(8) == 2);
}

static void encapsulation_reads_handle_and_ciphertext(void)
{
	CK_MECHANISM kem = { CKM_ML_KEM, NULL, 0 };
	CK_BYTE ct[8];
	CK_ULONG len = sizeof(ct);
	CK_OBJECT_HANDLE h = 0;

	reset();
	memcpy(answer.p2, "ciphertx", 8);
	answer.p2_bytes = answer.p2_size = 8;
	memcpy(answer.p1, "\x21\0\0\0", 4);
	answer.p1_size = 4;
	CHECK_RV(C_EncapsulateKey(3, &kem, 4, NULL, 0, ct, &len, &h), CKR_OK);
	CHECK(h == 0x21 && len == 8 && memcmp(ct, "ciphertx", 8) == 0);
	CHECK(sent.cmd == P11_CMD_ENCAPSULATE_KEY && sent.p2_len == 8 && ctl_u32(4) == 4);
	CHECK(sent.p1_present && sent.p1_len == 4);
	/* a handle of another size is a device error */
	answer.p1_size = 8;
	CHECK_RV(C_EncapsulateKey(3, &kem, 4, NULL, 0, ct, &len, &h), CKR_DEVICE_ERROR);
	reset();
	answer.teec = TEEC_ERROR_SHORT_BUFFER;
	answer.p2_size = 1088;
	len = 0;
	h = 0;
	CHECK_RV(C_EncapsulateKey(3, &kem, 4, NULL, 0, NULL, &len, &h), CKR_OK);
	CHECK(len == 1088 && sent.p2_len == 0 && h == 0);
}

static void find_objects_reads_handles(void)
{
	CK_OBJECT_HANDLE found[4] = { 0 };
	CK_ULONG n = 0;
	CK_ATTRIBUTE none[1];

	reset();
	CHECK_RV(C_FindObjectsInit(3, NULL, 0), CKR_OK);
	CHECK(sent.cmd == P11_CMD_FIND_OBJECTS_INIT && sent.ctl_len == 12 && ctl_u32(4) == 0);
	memcpy(answer.p2, "\x01\0\0\0\x07\0\0\0", 8);
	answer.p2_bytes = answer.p2_size = 8;
	CHECK_RV(C_FindObjects(3, found, 4, &n), CKR_OK);
	CHECK(n == 2 && found[0] == 1 && found[1] == 7 && sent.p2_len == 16);
	CHECK_RV(C_FindObjects(3, NULL, 4, &n), CKR_ARGUMENTS_BAD);
	CHECK_RV(C_FindObjectsInit(3, NULL, 1), CKR_ARGUMENTS_BAD);
	(void)none;
	CHECK_RV(C_FindObjectsFinal(3), CKR_OK);
	CHECK(sent.cmd == P11_CMD_FIND_OBJECTS_FINAL);
}

static void random_is_read_in_chunks(void)
{
	static CK_BYTE buf[(1 << 20) + 10];

	reset();
	answer.p2_size = 1 << 20;
	CHECK_RV(C_GenerateRandom(3, buf, 1 << 20), CKR_OK);
	CHECK(sent.calls == 1 && sent.p2_len == 1 << 20);
	reset();
	answer.p2_size = 1 << 20;
	/* the second chunk (10 bytes) gets a 1 MiB answer: a device error */
	CHECK_RV(C_GenerateRandom(3, buf, sizeof(buf)), CKR_DEVICE_ERROR);
	CHECK(sent.calls == 2 && sent.p2_len == 10);
	CHECK_RV(C_GenerateRandom(3, NULL, 4), CKR_ARGUMENTS_BAD);
	reset();
	CHECK_RV(C_SeedRandom(3, (CK_BYTE_PTR) "seed", 4), CKR_OK);
	CHECK(sent.cmd == P11_CMD_SEED_RANDOM && sent.p1_len == 4);
}

static void legacy_functions_answer_as_the_standard_says(void)
{
	CK_SLOT_ID slot;

	reset();
	CHECK_RV(C_GetFunctionStatus(3), CKR_FUNCTION_NOT_PARALLEL);
	CHECK_RV(C_CancelFunction(3), CKR_FUNCTION_NOT_PARALLEL);
	CHECK_RV(C_WaitForSlotEvent(0, &slot, NULL), CKR_FUNCTION_NOT_SUPPORTED);
	CHECK_RV(C_DigestEncryptUpdate(3, NULL, 0, NULL, NULL), CKR_FUNCTION_NOT_SUPPORTED);
	CHECK_RV(C_MessageSignInit(3, NULL, 1), CKR_FUNCTION_NOT_SUPPORTED);
	CHECK(sent.calls == 0);
	answer.status = CKR_OPERATION_NOT_INITIALIZED;
	CHECK_RV(C_SessionCancel(3, CKF_SIGN | CKF_FIND_OBJECTS), CKR_OK);
	CHECK(sent.calls == 2 && sent.cmds[0] == P11_CMD_RELEASE_ACTIVE_PROCESSING);
	CHECK(sent.cmds[1] == P11_CMD_FIND_OBJECTS_FINAL);
}

static void a_bad_status_size_is_a_general_error(void)
{
	reset();
	answer.status_len = 12;
	CHECK_RV(C_Logout(3), CKR_GENERAL_ERROR);
	reset();
	answer.teec = TEEC_ERROR_COMMUNICATION;
	CHECK_RV(C_Logout(3), CKR_DEVICE_ERROR);
}

static void *hammer(void *arg)
{
	CK_BYTE out[32];
	long bad = 0;

	(void)arg;
	for (int i = 0; i < 2000; i++) {
		CK_ULONG len = sizeof(out);

		if (C_Sign(3, (CK_BYTE_PTR) "m", 1, out, &len) != CKR_OK || len != sizeof(out))
			bad++;
		if (C_DigestUpdate(3, (CK_BYTE_PTR) "m", 1) != CKR_OK)
			bad++;
	}
	return (void *)bad;
}

static void many_threads_call_at_once(void)
{
	pthread_t t[8];
	long bad = 0;

	threaded = true;
	for (int i = 0; i < 8; i++)
		pthread_create(&t[i], NULL, hammer, NULL);
	for (int i = 0; i < 8; i++) {
		void *r;

		pthread_join(t[i], &r);
		bad += (long)r;
	}
	threaded = false;
	CHECK(bad == 0);
}

static void a_forked_child_must_initialise_again(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		CK_ULONG n = 0;
		int code = 0;

		if (C_GetSlotList(CK_TRUE, NULL, &n) != CKR_CRYPTOKI_NOT_INITIALIZED)
			code |= 1;
		if (C_Finalize(NULL) != CKR_CRYPTOKI_NOT_INITIALIZED)
			code |= 2;
		if (C_Initialize(NULL) != CKR_OK)
			code |= 4;
		reset();
		if (C_GetSlotList(CK_TRUE, NULL, &n) != CKR_OK)
			code |= 8;
		if (C_Finalize(NULL) != CKR_OK)
			code |= 16;
		_exit(code);
	}
	int status = -1;

	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CK_ULONG n = 0;

	reset();
	CHECK_RV(C_GetSlotList(CK_TRUE, NULL, &n), CKR_OK); /* the parent is still initialised */
}

int main(void)
{
	p11_set_backend(&fake);
	run("not_initialized_answers_not_initialized", not_initialized_answers_not_initialized);
	run("initialize_checks_its_arguments", initialize_checks_its_arguments);
	run("function_lists_and_interfaces", function_lists_and_interfaces);
	run("templates_serialise_each_kind_of_value", templates_serialise_each_kind_of_value);
	run("templates_refuse_what_does_not_fit_32_bits",
	    templates_refuse_what_does_not_fit_32_bits);
	run("mechanism_parameters_serialise_as_the_abi_says",
	    mechanism_parameters_serialise_as_the_abi_says);
	run("mechanism_parameters_are_checked", mechanism_parameters_are_checked);
	run("status_words_and_tee_results_map_to_ck_rv", status_words_and_tee_results_map_to_ck_rv);
	if (C_Initialize(NULL) != CKR_OK) {
		printf("not ok C_Initialize with the fake TA\n");
		return 1;
	}
	run("get_attribute_value_round_trip", get_attribute_value_round_trip);
	run("slot_list_size_query_and_fill", slot_list_size_query_and_fill);
	run("token_info_widens_unavailable_fields", token_info_widens_unavailable_fields);
	run("sessions_and_login_send_the_abi_fields", sessions_and_login_send_the_abi_fields);
	run("outputs_follow_the_size_protocol", outputs_follow_the_size_protocol);
	run("empty_inputs_are_sent_as_each_command_expects",
	    empty_inputs_are_sent_as_each_command_expects);
	run("bad_step_arguments_end_the_operation", bad_step_arguments_end_the_operation);
	run("init_and_key_commands_send_their_fields", init_and_key_commands_send_their_fields);
	run("encapsulation_reads_handle_and_ciphertext", encapsulation_reads_handle_and_ciphertext);
	run("find_objects_reads_handles", find_objects_reads_handles);
	run("random_is_read_in_chunks", random_is_read_in_chunks);
	run("legacy_functions_answer_as_the_standard_says",
	    legacy_functions_answer_as_the_standard_says);
	run("a_bad_status_size_is_a_general_error", a_bad_status_size_is_a_general_error);
	run("many_threads_call_at_once", many_threads_call_at_once);
	run("a_forked_child_must_initialise_again", a_forked_child_must_initialise_again);
	CHECK_RV(C_Finalize(NULL), CKR_OK);
	printf("%s: %d failed\n", failures ? "FAIL" : "PASS", failures);
	return failures ? 1 : 0;
}
