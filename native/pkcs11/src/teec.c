/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The transport to the PKCS#11 TA through jtee's libteec.so.2: one TEE context and one session
 * per C_Initialize, as OP-TEE's libckteec has, and calls from any number of threads on them at
 * once (docs/libteec.md, "threads").
 *
 * Memory. jtee's libteec shares allocated memory with the core without a copy, while temporary
 * references travel inside the request frame and registered memory is shadowed (copied both
 * ways) — so each call runs on a "channel": one allocated shared-memory segment that holds the
 * control buffer, the input and the output one after the other, passed as three partial
 * references. A call copies its input in and its output out once, and allocates nothing:
 * channels wait in a pool between calls. A channel grows (to a power of two) when a call needs
 * more, and one grown beyond P11_CHANNEL_KEEP_BYTES is freed after its call.
 *
 *   channel: | control (p0, in/out) | input (p1) | output or second input (p2) |
 *              (ENCAPSULATE_KEY's p1 is an output)
 *              each part starts on a 64-byte boundary
 */
#include <stdlib.h>
#include <string.h>

#include <tee_client_api.h>

#include "p11.h"

#define CHANNEL_MIN_BYTES (64u << 10)
#define CHANNEL_MAX_BYTES (1u << 30)
/* Channels kept between calls; the core runs at most 32 calls of a connection at once. */
#define POOL_MAX 32

struct channel {
	TEEC_SharedMemory shm;
	size_t cap;
	struct channel *next;
};

static const TEEC_UUID pkcs11_ta_uuid = {
	0xfd02c9da, 0x306c, 0x48c7, { 0xa4, 0x9c, 0xbb, 0xd8, 0x27, 0xae, 0x86, 0xee }
};

static TEEC_Context context;
static TEEC_Session session;
static void *pool_lock;
static struct channel *pool;
static int pooled;

static size_t align64(size_t n)
{
	return (n + 63) & ~(size_t)63;
}

static void channel_free(struct channel *ch)
{
	TEEC_ReleaseSharedMemory(&ch->shm);
	free(ch);
}

static struct channel *channel_new(size_t need)
{
	size_t cap = CHANNEL_MIN_BYTES;

	while (cap < need)
		cap *= 2;
	struct channel *ch = calloc(1, sizeof(*ch));

	if (!ch)
		return NULL;
	ch->shm.size = cap;
	ch->shm.flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT;
	if (TEEC_AllocateSharedMemory(&context, &ch->shm) != TEEC_SUCCESS) {
		free(ch);
		return NULL;
	}
	ch->cap = cap;
	return ch;
}

/*
 * A channel of at least need bytes: the first pooled one big enough, or a new one. Smaller
 * pooled channels stay for the calls that fit them.
 */
static struct channel *channel_take(size_t need)
{
	p11_mutex_lock(pool_lock);
	struct channel **at = &pool;

	while (*at && (*at)->cap < need)
		at = &(*at)->next;
	struct channel *ch = *at;

	if (ch) {
		*at = ch->next;
		pooled--;
	}
	p11_mutex_unlock(pool_lock);
	return ch ? ch : channel_new(need);
}

static void channel_give(struct channel *ch)
{
	if (ch->cap <= P11_CHANNEL_KEEP_BYTES) {
		p11_mutex_lock(pool_lock);
		if (pooled < POOL_MAX) {
			ch->next = pool;
			pool = ch;
			pooled++;
			ch = NULL;
		}
		p11_mutex_unlock(pool_lock);
	}
	if (ch)
		channel_free(ch);
}

static uint32_t teec_invoke(struct p11_exchange *x)
{
	size_t in_at = align64(x->ctl_len);
	size_t out_at = in_at + align64(x->p1_present ? x->p1_len : 0);
	size_t need = out_at + (x->p2_type != P11_P2_NONE ? x->p2_len : 0);

	x->backend_state = NULL;
	if (x->ctl_len > CHANNEL_MAX_BYTES || x->p1_len > CHANNEL_MAX_BYTES ||
	    x->p2_len > CHANNEL_MAX_BYTES)
		return TEEC_ERROR_OUT_OF_MEMORY;
	struct channel *ch = channel_take(need);

	if (!ch)
		return TEEC_ERROR_OUT_OF_MEMORY;
	uint8_t *base = ch->shm.buffer;
	TEEC_Operation op = { 0 };
	uint32_t t1 = TEEC_NONE;
	uint32_t t2 = TEEC_NONE;

	memcpy(base, x->ctl, x->ctl_len);
	op.params[0].memref = (TEEC_RegisteredMemoryReference){ &ch->shm, x->ctl_len, 0 };
	if (x->p1_present) {
		if (x->p1_len && !x->p1_output)
			memcpy(base + in_at, x->p1, x->p1_len);
		op.params[1].memref = (TEEC_RegisteredMemoryReference){ &ch->shm, x->p1_len, in_at };
		t1 = x->p1_output ? TEEC_MEMREF_PARTIAL_OUTPUT : TEEC_MEMREF_PARTIAL_INPUT;
	}
	if (x->p2_type != P11_P2_NONE) {
		if (x->p2_type == P11_P2_IN && x->p2_len)
			memcpy(base + out_at, x->p2_in, x->p2_len);
		op.params[2].memref = (TEEC_RegisteredMemoryReference){ &ch->shm, x->p2_len, out_at };
		t2 = x->p2_type == P11_P2_IN ? TEEC_MEMREF_PARTIAL_INPUT : TEEC_MEMREF_PARTIAL_OUTPUT;
	}
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_PARTIAL_INOUT, t1, t2, TEEC_NONE);
	uint32_t origin = 0;
	uint32_t res = TEEC_InvokeCommand(&session, x->cmd, &op, &origin);

	/* the control buffer may hold a PIN: wipe it in the shared memory too */
	x->status_len = op.params[0].memref.size;
	memcpy(x->status, base, sizeof(x->status));
	memset(base + sizeof(x->status), 0, x->ctl_len > 4 ? x->ctl_len - 4 : 0);
	x->p1_out = base + in_at;
	x->p1_out_len = op.params[1].memref.size;
	x->p2_out = base + out_at;
	x->p2_out_len = op.params[2].memref.size;
	x->backend_state = ch;
	return res;
}

static void teec_done(struct p11_exchange *x)
{
	if (x->backend_state)
		channel_give(x->backend_state);
	x->backend_state = NULL;
}

/* PING must answer 12 bytes (major, minor, patch) with a status of CKR_OK. */
static CK_RV ping(void)
{
	struct p11_buf b;
	uint8_t version[P11_PING_BYTES];

	p11_buf_init(&b);
	p11_buf_u32(&b, 0);
	CK_RV rv = p11_call_fixed(P11_CMD_PING, &b, version, sizeof(version));

	p11_buf_free(&b);
	return rv == CKR_OK ? CKR_OK : CKR_DEVICE_ERROR;
}

static CK_RV teec_open(void)
{
	if (TEEC_InitializeContext(NULL, &context) != TEEC_SUCCESS)
		return CKR_DEVICE_ERROR;
	uint32_t origin = 0;

	if (TEEC_OpenSession(&context, &session, &pkcs11_ta_uuid, TEEC_LOGIN_PUBLIC, NULL, NULL,
			     &origin) != TEEC_SUCCESS) {
		TEEC_FinalizeContext(&context);
		return CKR_DEVICE_ERROR;
	}
	pool_lock = p11_mutex_new();
	pool = NULL;
	pooled = 0;
	CK_RV rv = pool_lock ? ping() : CKR_HOST_MEMORY;

	if (rv != CKR_OK) {
		p11_teec_backend.close(false);
		return rv;
	}
	return CKR_OK;
}

static void teec_close(bool forget)
{
	if (forget) {
		/* a fork's child: the connection and segments are the parent's; leave them be */
		pool = NULL;
		pooled = 0;
		pool_lock = NULL;
		return;
	}
	while (pool) {
		struct channel *ch = pool;

		pool = ch->next;
		channel_free(ch);
	}
	pooled = 0;
	TEEC_CloseSession(&session);
	TEEC_FinalizeContext(&context);
	if (pool_lock)
		p11_mutex_free(pool_lock);
	pool_lock = NULL;
}

const struct p11_backend p11_teec_backend = {
	.open = teec_open,
	.close = teec_close,
	.invoke = teec_invoke,
	.done = teec_done,
};
