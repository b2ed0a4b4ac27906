/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests of libteec.so.2 against a running jtee core that serves the test TA ClientApiTa
 * (native/src/test/java/org/jtee/nativeclient/ClientApiTa.java). Written only against the GP
 * Client API and OP-TEE's extension header. LibteecTest runs it, in the plain and the sanitizer
 * builds:
 *
 *   teec_test                 every case; prints "ok"/"not ok" per case, exits 1 on a failure
 *   teec_test CASE...         the named cases only
 *   teec_test --no-core       expects no core at $JTEE_SOCKET
 *   teec_test --core-dies     prints "waiting" during a long call; the core must then die
 *
 * EXPECT_USER_UUID and EXPECT_GROUP_UUID (32 hex digits), if set, are the client identities the
 * core must compute for USER and GROUP logins of this process.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include <tee_client_api.h>
#include <tee_client_api_extensions.h>

/* the test TA: 6a7c0d2e-4b1f-4f3e-9a51-2c3d4e5f6071, commands as in ClientApiTa.java */
static const TEEC_UUID test_ta = {
	0x6a7c0d2e, 0x4b1f, 0x4f3e, { 0x9a, 0x51, 0x2c, 0x3d, 0x4e, 0x5f, 0x60, 0x71 }
};
static const TEEC_UUID no_such_ta = {
	0x6a7c0d2e, 0x4b1f, 0x4f3e, { 0x9a, 0x51, 0x2c, 0x3d, 0x4e, 0x5f, 0x60, 0x00 }
};

enum {
	CMD_VALUES = 1,
	CMD_MEMREFS = 2,
	CMD_SHAPES = 3,
	CMD_SHORT = 4,
	CMD_WAIT = 5,
	CMD_PANIC = 6,
	CMD_IDENTITY = 7,
	CMD_RETURN = 8,
	CMD_BUMP = 9,
	CMD_WAIT_THEN_BUMP = 10,
};

static int failures;
static const char *current;

#define CHECK(cond)                                                                   \
	do {                                                                          \
		if (!(cond)) {                                                        \
			fprintf(stderr, "%s:%d: %s: check failed: %s\n", __FILE__,   \
				__LINE__, current, #cond);                            \
			failures++;                                                   \
			return;                                                       \
		}                                                                     \
	} while (0)

#define CHECK_EQ(actual, expected)                                                        \
	do {                                                                              \
		unsigned long long a_ = (unsigned long long)(actual);                     \
		unsigned long long e_ = (unsigned long long)(expected);                   \
		if (a_ != e_) {                                                           \
			fprintf(stderr, "%s:%d: %s: %s is 0x%llx, expected 0x%llx\n",    \
				__FILE__, __LINE__, current, #actual, a_, e_);            \
			failures++;                                                       \
			return;                                                           \
		}                                                                         \
	} while (0)

/* Opens a context and a session on the test TA, or fails the case. */
#define OPEN(ctx, sess)                                                                    \
	do {                                                                               \
		uint32_t o_;                                                               \
		CHECK_EQ(TEEC_InitializeContext(NULL, &(ctx)), TEEC_SUCCESS);              \
		CHECK_EQ(TEEC_OpenSession(&(ctx), &(sess), &test_ta, TEEC_LOGIN_PUBLIC,   \
					  NULL, NULL, &o_), TEEC_SUCCESS);                 \
	} while (0)

static TEEC_Operation new_op(uint32_t t0, uint32_t t1, uint32_t t2, uint32_t t3)
{
	TEEC_Operation op;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(t0, t1, t2, t3);
	return op;
}

/* ------------------------------------------------------------------------------------------ */

static void t_struct_layout(void)
{
	/* the sizes OP-TEE's library has on x86-64 and aarch64: binaries depend on them */
	if (sizeof(void *) == 8) {
		CHECK_EQ(sizeof(TEEC_Context), 8);
		CHECK_EQ(sizeof(TEEC_SharedMemory), 56);
		CHECK_EQ(sizeof(TEEC_Operation), 112);
		CHECK_EQ(sizeof(TEEC_Session), 16);
	}
	CHECK_EQ(sizeof(TEEC_UUID), 16);
	CHECK_EQ(TEEC_PARAM_TYPES(1, 2, 3, 0xF), 0xF321);
	CHECK_EQ(TEEC_PARAM_TYPE_GET(0xF321, 2), 3);
}

static void t_context(void)
{
	TEEC_Context ctx;
	TEEC_Context named;

	CHECK_EQ(TEEC_InitializeContext(NULL, &ctx), TEEC_SUCCESS);
	CHECK(ctx.imp.memref_null);
	CHECK(!ctx.imp.reg_mem);
	CHECK_EQ(TEEC_InitializeContext("optee-tz", &named), TEEC_SUCCESS);
	TEEC_FinalizeContext(&named);
	CHECK_EQ(TEEC_InitializeContext("Invalid TEE name", &named), TEEC_ERROR_ITEM_NOT_FOUND);
	CHECK_EQ(TEEC_InitializeContext(NULL, NULL), TEEC_ERROR_BAD_PARAMETERS);
	TEEC_FinalizeContext(NULL);
	TEEC_FinalizeContext(&ctx);
	TEEC_FinalizeContext(&ctx); /* twice: harmless */
}

static void t_open_bad_arguments(void)
{
	TEEC_Context ctx;
	TEEC_Session sess;
	uint32_t origin = 0;

	CHECK_EQ(TEEC_InitializeContext(NULL, &ctx), TEEC_SUCCESS);
	CHECK_EQ(TEEC_OpenSession(NULL, &sess, &test_ta, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin),
		 TEEC_ERROR_BAD_PARAMETERS);
	CHECK_EQ(origin, TEEC_ORIGIN_API);
	CHECK_EQ(TEEC_OpenSession(&ctx, NULL, &test_ta, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin),
		 TEEC_ERROR_BAD_PARAMETERS);
	CHECK_EQ(origin, TEEC_ORIGIN_API);
	CHECK_EQ(TEEC_OpenSession(&ctx, &sess, NULL, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin),
		 TEEC_ERROR_BAD_PARAMETERS);
	CHECK_EQ(origin, TEEC_ORIGIN_API);
	CHECK_EQ(TEEC_OpenSession(&ctx, &sess, &test_ta, TEEC_LOGIN_GROUP, NULL, NULL, &origin),
		 TEEC_ERROR_BAD_PARAMETERS);
	CHECK_EQ(origin, TEEC_ORIGIN_API);
	/* a NULL origin pointer is allowed */
	CHECK_EQ(TEEC_OpenSession(&ctx, NULL, &test_ta, TEEC_LOGIN_PUBLIC, NULL, NULL, NULL),
		 TEEC_ERROR_BAD_PARAMETERS);
	CHECK_EQ(TEEC_OpenSession(&ctx, &sess, &no_such_ta, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin),
		 TEEC_ERROR_ITEM_NOT_FOUND);
	CHECK(origin != TEEC_ORIGIN_TRUSTED_APP);
	CHECK(origin == TEEC_ORIGIN_TEE);
	TEEC_FinalizeContext(&ctx);
}

static void t_open_write_back(void)
{
	TEEC_Context ctx;
	TEEC_Session sess;
	uint32_t origin = 0;
	TEEC_Operation op = new_op(TEEC_VALUE_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);

	op.params[0].value.a = 41;
	CHECK_EQ(TEEC_InitializeContext(NULL, &ctx), TEEC_SUCCESS);
	CHECK_EQ(TEEC_OpenSession(&ctx, &sess, &test_ta, TEEC_LOGIN_PUBLIC, NULL, &op, &origin),
		 TEEC_SUCCESS);
	CHECK_EQ(origin, TEEC_ORIGIN_TRUSTED_APP);
	CHECK_EQ(op.params[0].value.a, 42);
	CHECK(sess.imp.ctx == &ctx);
	TEEC_CloseSession(&sess);
	TEEC_FinalizeContext(&ctx);
}

static void t_values(void)
{
	TEEC_Context ctx;
	TEEC_Session sess;
	uint32_t origin = 0;
	TEEC_Operation op = new_op(TEEC_VALUE_INPUT, TEEC_VALUE_OUTPUT, TEEC_VALUE_INOUT, TEEC_NONE);

	OPEN(ctx, sess);
	op.params[0].value.a = 10;
	op.params[0].value.b = 0xFFFFFFFF;
	op.params[1].value.a = 77;
	op.params[2].value.a = 3;
	op.params[2].value.b = 0x80000001;
	CHECK_EQ(TEEC_InvokeCommand(&sess, CMD_VALUES, &op, &origin), TEEC_SUCCESS);
	CHECK_EQ(origin, TEEC_ORIGIN_TRUSTED_APP);
	CHECK_EQ(op.params[0].value.a, 10); /* input: not written back */
	CHECK_EQ(op.params[1].value.a, 11);
	CHECK_EQ(op.params[1].value.b, 1);  /* 0xFFFFFFFF + 2, 32 bits */
	CHECK_EQ(op.params[2].value.a, 6);
	CHECK_EQ(op.params[2].value.b, 2);
	CHECK(op.imp.session == &sess);
	/* wrong types: the TA's BAD_PARAMETERS, from the TA */
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_VALUE_OUTPUT, TEEC_VALUE_INOUT,
					 TEEC_NONE);
	CHECK_EQ(TEEC_InvokeCommand(&sess, CMD_VALUES, &op, &origin), TEEC_ERROR_BAD_PARAMETERS);
	CHECK_EQ(origin, TEEC_ORIGIN_TRUSTED_APP);
	TEEC_CloseSession(&sess);
	TEEC_FinalizeContext(&ctx);
}

static void t_temp_memrefs(void)
{
	TEEC_Context ctx;
	TEEC_Session sess;
	uint32_t origin = 0;
	uint8_t in[5] = { 1, 2, 3, 4, 5 };
	uint8_t out[8];
	uint8_t inout[3] = { 10, 20, 30 };
	TEEC_Operation op = new_op(TEEC_MEMREF_TEMP_INPUT, TEEC_MEMREF_TEMP_OUTPUT,
				   TEEC_MEMREF_TEMP_INOUT, TEEC_VALUE_OUTPUT);

	OPEN(ctx, sess);
	memset(out, 0x55, sizeof(out));
	op.params[0].tmpref.buffer = in;
	op.params[0].tmpref.size = sizeof(in);
	op.params[1].tmpref.buffer = out;
	op.params[1].tmpref.size = sizeof(out);
	op.params[2].tmpref.buffer = inout;
	op.params[2].tmpref.size = sizeof(inout);
	CHECK_EQ(TEEC_InvokeCommand(&sess, CMD_MEMREFS, &op, &origin), TEEC_SUCCESS);
	CHECK_EQ(op.params[3].value.a, 5);
	CHECK_EQ(op.params[3].value.b, 3);
	CHECK_EQ(op.params[1].tmpref.size, 5); /* the size the TA produced */
	CHECK_EQ(out[0], 0xFE);
	CHECK_EQ(out[4], 0xFA);
	CHECK_EQ(out[5], 0x55);
	CHECK_EQ(inout[0], 11);
	CHECK_EQ(inout[2], 31);
	CHECK_EQ(op.params[0].tmpref.size, 5);
	CHECK_EQ(in[0], 1); /* input: never written */

	/* out too small: SHORT_BUFFER from the TA, the size needed written back, no bytes */
	memset(out, 0x55, sizeof(out));
	op.params[1].tmpref.size = 2;
	CHECK_EQ(TEEC_InvokeCommand(&sess, CMD_MEMREFS, &op, &origin), TEEC_ERROR_SHORT_BUFFER);
	CHECK_EQ(origin, TEEC_ORIGIN_TRUSTED_APP);
	CHECK_EQ(op.params[1].tmpref.size, 5);
	CHECK_EQ(out[0], 0x55);
	CHECK_EQ(op.params[3].value.a, 5); /* values are written back on errors too */
	CHECK_EQ(inout[0], 12);            /* and so are inout buffers */
	TEEC_CloseSession(&sess);
	TEEC_FinalizeContext(&ctx);
}

static void t_temp_shapes(void)
{
	TEEC_Context ctx;
	TEEC_Session sess;
	uint32_t origin = 0;
	uint8_t data[4] = { 0 };
	TEEC_Operation op = new_op(TEEC_MEMREF_TEMP_INPUT, TEEC_MEMREF_TEMP_OUTPUT,
				   TEEC_MEMREF_TEMP_INOUT, TEEC_VALUE_OUTPUT);

	OPEN(ctx, sess);
	op.params[0].tmpref.buffer = NULL;
	op.params[0].tmpref.size = 0;
	op.params[1].tmpref.buffer = data;
	op.params[1].tmpref.size = 0;
	op.params[2].tmpref.buffer = data;
	op.params[2].tmpref.size = sizeof(data);
	CHECK_EQ(TEEC_InvokeCommand(&sess, CMD_SHAPES, &op, &origin), TEEC_SUCCESS);
	CHECK_EQ(op.params[3].value.a, 0x321); /* NULL, empty, data: three distinct shapes */
	CHECK_EQ(op.params[3].value.b, 4);

	/* a NULL buffer with a size is the caller's error */
	op.params[0].tmpref.size = 1;
	origin = 0;
	CHECK_EQ(TEEC_InvokeCommand(&sess, CMD_SHAPES, &op, &origin), TEEC_ERROR_BAD_PARAMETERS);
	CHECK_EQ(origin, TEEC_ORIGIN_API);
	TEEC_CloseSession(&sess);
	TEEC_FinalizeContext(&ctx);
}

static void t_short_buffer_two_calls(void)
{
	TEEC_Context ctx;
	TEEC_Session sess;
	uint32_t origin = 0;
	TEEC_Operation op = new_op(TEEC_MEMREF_TEMP_OUTPUT, TEEC_VALUE_INPUT, TEEC_NONE, TEEC_NONE);

	OPEN(ctx, sess);
	op.params[0].tmpref.buffer = NULL; /* "how much do you need?" */
	op.params[0].tmpref.size = 0;
	op.params[1].value.a = 300;
	CHECK_EQ(TEEC_InvokeCommand(&sess, CMD_SHORT, &op, &origin), TEEC_ERROR_SHORT_BUFFER);
	CHECK_EQ(origin, TEEC_ORIGIN_TRUSTED_APP);
	CHECK_EQ(op.params[0].tmpref.size, 300);
	uint8_t *buf = malloc(op.params[0].tmpref.size);

	CHECK(buf);
	op.params[0].tmpref.buffer = buf;
	CHECK_EQ(TEEC_InvokeCommand(&sess, CMD_SHORT, &op, &origin), TEEC_SUCCESS);
	CHECK_EQ(op.params[0].tmpref.size, 300);
	CHECK_EQ(buf[0], 0xA5);
	CHECK_EQ(buf[299], 0xA5);
	free(buf);
	TEEC_CloseSession(&sess);
	TEEC_FinalizeContext(&ctx);
}

static void t_bad_parameters(void)
{
	TEEC_Context ctx;
	TEEC_Session sess;
	uint32_t origin = 0;
	TEEC_Operation op = new_op(4, TEEC_NONE, TEEC_NONE, TEEC_NONE);

	OPEN(ctx, sess);
	CHECK_EQ(TEEC_InvokeCommand(&sess, CMD_VALUES, &op, &origin), TEEC_ERROR_BAD_PARAMETERS);
	CHECK_EQ(origin, TEEC_ORIGIN_API);
	op = new_op(0xB, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	CHECK_EQ(TEEC_InvokeCommand(&sess, CMD_VALUES, &op, &origin), TEEC_ERROR_BAD_PARAMETERS);
	CHECK_EQ(origin, TEEC_ORIGIN_API);
	op = new_op(TEEC_MEMREF_WHOLE, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	op.params[0].memref.parent = NULL;
	CHECK_EQ(TEEC_InvokeCommand(&sess, CMD_VALUES, &op, &origin), TEEC_ERROR_BAD_PARAMETERS);
	CHECK_EQ(origin, TEEC_ORIGIN_API);
	op = new_op(TEEC_MEMREF_PARTIAL_INPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	CHECK_EQ(TEEC_InvokeCommand(&sess, CMD_VALUES, &op, &origin), TEEC_ERROR_BAD_PARAMETERS);
	CHECK_EQ(origin, TEEC_ORIGIN_API);
	CHECK_EQ(TEEC_InvokeCommand(NULL, CMD_VALUES, NULL, &origin), TEEC_ERROR_BAD_PARAMETERS);
	CHECK_EQ(origin, TEEC_ORIGIN_API);
	/* no operation at all: the TA sees four NONE parameters */
	CHECK_EQ(TEEC_InvokeCommand(&sess, CMD_VALUES, NULL, &origin), TEEC_ERROR_BAD_PARAMETERS);
	CHECK_EQ(origin, TEEC_ORIGIN_TRUSTED_APP);
	/* temporary memory larger than a frame: refused here, with advice to use shared memory */
	size_t big = 17u * 1024 * 1024;
	uint8_t *huge = calloc(1, big);

	CHECK(huge);
	op = new_op(TEEC_MEMREF_TEMP_INPUT, TEEC_NONE, TEEC_NONE, TEEC_VALUE_OUTPUT);
	op.params[0].tmpref.buffer = huge;
	op.params[0].tmpref.size = big;
	TEEC_Result res = TEEC_InvokeCommand(&sess, CMD_SHAPES, &op, &origin);

	free(huge);
	CHECK_EQ(res, TEEC_ERROR_BAD_PARAMETERS);
	CHECK_EQ(origin, TEEC_ORIGIN_API);
	TEEC_CloseSession(&sess);
	TEEC_FinalizeContext(&ctx);
}

static void t_ta_results(void)
{
	TEEC_Context ctx;
	TEEC_Session sess;
	uint32_t origin = 0;
	TEEC_Operation op = new_op(TEEC_VALUE_INPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);

	OPEN(ctx, sess);
	op.params[0].value.a = 0x12345678;
	CHECK_EQ(TEEC_InvokeCommand(&sess, CMD_RETURN, &op, &origin), 0x12345678);
	CHECK_EQ(origin, TEEC_ORIGIN_TRUSTED_APP);
	op.params[0].value.a = 0;
	CHECK_EQ(TEEC_InvokeCommand(&sess, CMD_RETURN, &op, &origin), TEEC_SUCCESS);
	CHECK_EQ(origin, TEEC_ORIGIN_TRUSTED_APP);
	CHECK_EQ(TEEC_InvokeCommand(&sess, 999, NULL, &origin), TEEC_ERROR_BAD_PARAMETERS);
	CHECK_EQ(origin, TEEC_ORIGIN_TRUSTED_APP);
	/* a panic kills the instance: TARGET_DEAD from the TEE, then and afterwards */
	CHECK_EQ(TEEC_InvokeCommand(&sess, CMD_PANIC, NULL, &origin), TEEC_ERROR_TARGET_DEAD);
	CHECK_EQ(origin, TEEC_ORIGIN_TEE);
	CHECK_EQ(TEEC_InvokeCommand(&sess, CMD_RETURN, &op, &origin), TEEC_ERROR_TARGET_DEAD);
	CHECK_EQ(origin, TEEC_ORIGIN_TEE);
	TEEC_CloseSession(&sess);
	TEEC_FinalizeContext(&ctx);
}

static void t_allocate(void)
{
	TEEC_Context ctx;
	TEEC_Session sess;
	TEEC_SharedMemory shm;
	TEEC_SharedMemory empty;
	uint32_t origin = 0;

	OPEN(ctx, sess);
	memset(&shm, 0, sizeof(shm));
	CHECK_EQ(TEEC_AllocateSharedMemory(NULL, &shm), TEEC_ERROR_BAD_PARAMETERS);
	CHECK_EQ(TEEC_AllocateSharedMemory(&ctx, NULL), TEEC_ERROR_BAD_PARAMETERS);
	shm.size = 16;
	shm.flags = 0;
	CHECK_EQ(TEEC_AllocateSharedMemory(&ctx, &shm), TEEC_ERROR_BAD_PARAMETERS);
	shm.flags = 4;
	CHECK_EQ(TEEC_AllocateSharedMemory(&ctx, &shm), TEEC_ERROR_BAD_PARAMETERS);
	shm.flags = TEEC_MEM_INPUT | 0x100;
	CHECK_EQ(TEEC_AllocateSharedMemory(&ctx, &shm), TEEC_ERROR_BAD_PARAMETERS);
	shm.size = SIZE_MAX;
	shm.flags = TEEC_MEM_INPUT;
	CHECK_EQ(TEEC_AllocateSharedMemory(&ctx, &shm), TEEC_ERROR_OUT_OF_MEMORY);

	memset(&empty, 0, sizeof(empty));
	empty.size = 0;
	empty.flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT;
	CHECK_EQ(TEEC_AllocateSharedMemory(&ctx, &empty), TEEC_SUCCESS);
	CHECK(empty.buffer != NULL);

	memset(&shm, 0, sizeof(shm));
	shm.size = 32 * 1024;
	shm.flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT;
	CHECK_EQ(TEEC_AllocateSharedMemory(&ctx, &shm), TEEC_SUCCESS);
	CHECK(shm.buffer != NULL);
	uint8_t *b = shm.buffer;

	for (size_t i = 0; i < shm.size; i++)
		b[i] = (uint8_t)i;
	TEEC_Operation op = new_op(TEEC_MEMREF_WHOLE, TEEC_VALUE_INOUT, TEEC_NONE, TEEC_NONE);

	op.params[0].memref.parent = &shm;
	op.params[1].value.a = 100; /* the TA reports 100 bytes */
	CHECK_EQ(TEEC_InvokeCommand(&sess, CMD_BUMP, &op, &origin), TEEC_SUCCESS);
	CHECK_EQ(op.params[1].value.b, 32 * 1024); /* WHOLE: the TA saw all of it */
	CHECK_EQ(b[0], 1);                         /* written in place */
	CHECK_EQ(b[32 * 1024 - 1], (uint8_t)(0xFF + 1));
	CHECK_EQ(op.params[0].memref.size, 100);   /* WHOLE of OUTPUT memory: size written back */

	/* the zero-size memory works as a memref too */
	op.params[0].memref.parent = &empty;
	op.params[1].value.a = 0;
	CHECK_EQ(TEEC_InvokeCommand(&sess, CMD_BUMP, &op, &origin), TEEC_SUCCESS);
	CHECK_EQ(op.params[1].value.b, 0);

	TEEC_ReleaseSharedMemory(&shm);
	CHECK(shm.buffer == NULL);
	CHECK_EQ(shm.imp.id, -1);
	TEEC_ReleaseSharedMemory(&shm); /* twice: harmless */
	TEEC_ReleaseSharedMemory(NULL);
	TEEC_ReleaseSharedMemory(&empty);
	TEEC_CloseSession(&sess);
	TEEC_FinalizeContext(&ctx);
}

static const uint8_t read_only_bytes[64] = { 7, 7, 7 };

static void t_register(void)
{
	TEEC_Context ctx;
	TEEC_Session sess;
	TEEC_SharedMemory shm;
	TEEC_SharedMemory again;
	uint32_t origin = 0;
	uint8_t mine[256];

	OPEN(ctx, sess);
	memset(&shm, 0, sizeof(shm));
	shm.size = 16;
	shm.flags = TEEC_MEM_INPUT;
	CHECK_EQ(TEEC_RegisterSharedMemory(&ctx, &shm), TEEC_ERROR_BAD_PARAMETERS); /* NULL buffer */

	/* zero length */
	shm.buffer = mine;
	shm.size = 0;
	CHECK_EQ(TEEC_RegisterSharedMemory(&ctx, &shm), TEEC_SUCCESS);
	TEEC_ReleaseSharedMemory(&shm);

	/* read-only memory as input: the TA reads it, nothing writes it */
	memset(&shm, 0, sizeof(shm));
	shm.buffer = (void *)read_only_bytes;
	shm.size = sizeof(read_only_bytes);
	shm.flags = TEEC_MEM_INPUT;
	CHECK_EQ(TEEC_RegisterSharedMemory(&ctx, &shm), TEEC_SUCCESS);
	TEEC_Operation op = new_op(TEEC_MEMREF_WHOLE, TEEC_VALUE_INOUT, TEEC_NONE, TEEC_NONE);

	op.params[0].memref.parent = &shm;
	CHECK_EQ(TEEC_InvokeCommand(&sess, CMD_BUMP, &op, &origin), TEEC_SUCCESS);
	CHECK_EQ(op.params[1].value.a, 21);
	TEEC_ReleaseSharedMemory(&shm);

	/* in and out through the shadow, and the same buffer registered twice */
	for (size_t i = 0; i < sizeof(mine); i++)
		mine[i] = (uint8_t)i;
	memset(&shm, 0, sizeof(shm));
	shm.buffer = mine;
	shm.size = sizeof(mine);
	shm.flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT;
	CHECK_EQ(TEEC_RegisterSharedMemory(&ctx, &shm), TEEC_SUCCESS);
	again = shm;
	CHECK_EQ(TEEC_RegisterSharedMemory(&ctx, &again), TEEC_SUCCESS);
	CHECK(shm.buffer == mine);
	op = new_op(TEEC_MEMREF_PARTIAL_INOUT, TEEC_VALUE_INOUT, TEEC_NONE, TEEC_NONE);
	op.params[0].memref.parent = &shm;
	op.params[0].memref.offset = 8;
	op.params[0].memref.size = 8;
	op.params[1].value.a = 0;
	CHECK_EQ(TEEC_InvokeCommand(&sess, CMD_BUMP, &op, &origin), TEEC_SUCCESS);
	CHECK_EQ(op.params[1].value.a, 8 + 9 + 10 + 11 + 12 + 13 + 14 + 15);
	CHECK_EQ(op.params[1].value.b, 8);
	CHECK_EQ(mine[7], 7);   /* outside the reference: untouched */
	CHECK_EQ(mine[8], 9);   /* inside: bumped and copied back */
	CHECK_EQ(mine[15], 16);
	CHECK_EQ(mine[16], 16);
	CHECK_EQ(op.params[0].memref.size, 8);
	/* the second registration sees the caller's buffer as it is now */
	op.params[0].memref.parent = &again;
	op.params[1].value.a = 0;
	CHECK_EQ(TEEC_InvokeCommand(&sess, CMD_BUMP, &op, &origin), TEEC_SUCCESS);
	CHECK_EQ(mine[8], 10);
	/* a size written back beyond the reference (the TA asks for more): no copy-back, as
	   OP-TEE's library does; the size tells the caller what was needed */
	op.params[1].value.a = 100;
	CHECK_EQ(TEEC_InvokeCommand(&sess, CMD_BUMP, &op, &origin), TEEC_SUCCESS);
	CHECK_EQ(op.params[0].memref.size, 100);
	CHECK_EQ(mine[8], 10);
	TEEC_ReleaseSharedMemory(&again);
	TEEC_ReleaseSharedMemory(&shm);
	CHECK(shm.buffer == NULL);
	TEEC_CloseSession(&sess);
	TEEC_FinalizeContext(&ctx);
}

static void t_partial_checks(void)
{
	TEEC_Context ctx;
	TEEC_Session sess;
	TEEC_SharedMemory in_only;
	uint32_t origin = 0;

	OPEN(ctx, sess);
	memset(&in_only, 0, sizeof(in_only));
	in_only.size = 64;
	in_only.flags = TEEC_MEM_INPUT;
	CHECK_EQ(TEEC_AllocateSharedMemory(&ctx, &in_only), TEEC_SUCCESS);
	TEEC_Operation op = new_op(TEEC_MEMREF_PARTIAL_INPUT, TEEC_VALUE_INOUT, TEEC_NONE, TEEC_NONE);

	op.params[0].memref.parent = &in_only;
	op.params[0].memref.offset = 60;
	op.params[0].memref.size = 4;
	CHECK_EQ(TEEC_InvokeCommand(&sess, CMD_BUMP, &op, &origin), TEEC_SUCCESS); /* just inside */
	op.params[0].memref.size = 5;
	CHECK_EQ(TEEC_InvokeCommand(&sess, CMD_BUMP, &op, &origin), TEEC_ERROR_BAD_PARAMETERS);
	CHECK_EQ(origin, TEEC_ORIGIN_API);
	op.params[0].memref.offset = SIZE_MAX;
	op.params[0].memref.size = 2; /* offset + size wraps */
	CHECK_EQ(TEEC_InvokeCommand(&sess, CMD_BUMP, &op, &origin), TEEC_ERROR_BAD_PARAMETERS);
	CHECK_EQ(origin, TEEC_ORIGIN_API);
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_PARTIAL_OUTPUT, TEEC_VALUE_INOUT, TEEC_NONE,
					 TEEC_NONE);
	op.params[0].memref.offset = 0;
	op.params[0].memref.size = 4;
	CHECK_EQ(TEEC_InvokeCommand(&sess, CMD_BUMP, &op, &origin), TEEC_ERROR_BAD_PARAMETERS);
	CHECK_EQ(origin, TEEC_ORIGIN_API); /* OUTPUT on INPUT-only memory */
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_PARTIAL_INOUT, TEEC_VALUE_INOUT, TEEC_NONE,
					 TEEC_NONE);
	CHECK_EQ(TEEC_InvokeCommand(&sess, CMD_BUMP, &op, &origin), TEEC_ERROR_BAD_PARAMETERS);
	CHECK_EQ(origin, TEEC_ORIGIN_API);
	/* WHOLE of INPUT-only memory: the TA sees an input, no size comes back */
	op = new_op(TEEC_MEMREF_WHOLE, TEEC_VALUE_INOUT, TEEC_NONE, TEEC_NONE);
	op.params[0].memref.parent = &in_only;
	op.params[0].memref.size = 12345;
	op.params[1].value.a = 7;
	CHECK_EQ(TEEC_InvokeCommand(&sess, CMD_BUMP, &op, &origin), TEEC_SUCCESS);
	CHECK_EQ(op.params[1].value.b, 64);
	CHECK_EQ(op.params[0].memref.size, 12345);
	/* released memory is refused */
	TEEC_SharedMemory copy = in_only;

	TEEC_ReleaseSharedMemory(&in_only);
	op.params[0].memref.parent = &copy;
	CHECK_EQ(TEEC_InvokeCommand(&sess, CMD_BUMP, &op, &origin), TEEC_ERROR_BAD_PARAMETERS);
	CHECK_EQ(origin, TEEC_ORIGIN_API);
	TEEC_CloseSession(&sess);
	TEEC_FinalizeContext(&ctx);
}

static void t_descriptor(void)
{
	TEEC_Context ctx;
	TEEC_Session sess;
	TEEC_SharedMemory shm;
	uint32_t origin = 0;

	OPEN(ctx, sess);
	int fd = memfd_create("teec-test", MFD_CLOEXEC);

	CHECK(fd >= 0);
	CHECK(ftruncate(fd, 4096) == 0);
	uint8_t *mine = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	CHECK(mine != MAP_FAILED);
	mine[0] = 41;
	memset(&shm, 0, sizeof(shm));
	shm.flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT;
	CHECK_EQ(TEEC_RegisterSharedMemoryFileDescriptor(&ctx, &shm, fd), TEEC_SUCCESS);
	CHECK_EQ(shm.size, 4096);
	CHECK(shm.buffer == NULL);
	TEEC_Operation op = new_op(TEEC_MEMREF_WHOLE, TEEC_VALUE_INOUT, TEEC_NONE, TEEC_NONE);

	op.params[0].memref.parent = &shm;
	CHECK_EQ(TEEC_InvokeCommand(&sess, CMD_BUMP, &op, &origin), TEEC_SUCCESS);
	CHECK_EQ(op.params[1].value.a, 41);
	CHECK_EQ(mine[0], 42); /* the TA wrote the caller's own file */
	CHECK_EQ(mine[4095], 1);
	TEEC_ReleaseSharedMemory(&shm);
	CHECK_EQ(shm.imp.registered_fd, -1);
	munmap(mine, 4096);
	close(fd);

	/* what the core cannot share */
	int pipe_fds[2];

	CHECK(pipe(pipe_fds) == 0);
	CHECK_EQ(TEEC_RegisterSharedMemoryFileDescriptor(&ctx, &shm, pipe_fds[0]),
		 TEEC_ERROR_BAD_PARAMETERS);
	close(pipe_fds[0]);
	close(pipe_fds[1]);
	char disk[] = "teec-test-file-XXXXXX"; /* in the working directory: on disk, usually */
	int file = mkstemp(disk);

	CHECK(file >= 0);
	unlink(disk);
	CHECK(ftruncate(file, 4096) == 0);
	struct statfs fs;

	if (fstatfs(file, &fs) == 0 && fs.f_type != TMPFS_MAGIC) {
		CHECK_EQ(TEEC_RegisterSharedMemoryFileDescriptor(&ctx, &shm, file),
			 TEEC_ERROR_BAD_PARAMETERS);
	} else {
		fprintf(stderr, "%s: the working directory is on tmpfs: the not-tmpfs refusal is not "
			"checked\n", current);
	}
	close(file);
	CHECK_EQ(TEEC_RegisterSharedMemoryFileDescriptor(&ctx, &shm, -1), TEEC_ERROR_BAD_PARAMETERS);
	CHECK_EQ(TEEC_RegisterSharedMemoryFileDescriptor(NULL, &shm, 0), TEEC_ERROR_BAD_PARAMETERS);

	/* the connection still works after the refusals */
	op = new_op(TEEC_VALUE_INPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	CHECK_EQ(TEEC_InvokeCommand(&sess, CMD_RETURN, &op, &origin), TEEC_SUCCESS);
	TEEC_CloseSession(&sess);
	TEEC_FinalizeContext(&ctx);
}

struct bumper {
	TEEC_Session *sess;
	TEEC_SharedMemory *shm;
	TEEC_Result res;
};

static void *bump_later(void *arg)
{
	struct bumper *b = arg;
	uint32_t origin;
	TEEC_Operation op = new_op(TEEC_VALUE_INPUT, TEEC_MEMREF_WHOLE, TEEC_NONE, TEEC_NONE);

	op.params[0].value.a = 400;
	op.params[1].memref.parent = b->shm;
	b->res = TEEC_InvokeCommand(b->sess, CMD_WAIT_THEN_BUMP, &op, &origin);
	return NULL;
}

/*
 * Memory released while a call uses it: the call completes and the TA's writes land (the library
 * keeps its mapping, and a shadow's copy-back, until the call ends); later calls are refused.
 */
static void t_release_in_use(void)
{
	TEEC_Context ctx;
	TEEC_Session sess;
	TEEC_SharedMemory allocated;
	TEEC_SharedMemory registered;
	uint8_t mine[64] = { 0 };
	pthread_t a;
	pthread_t r;
	uint32_t origin;

	OPEN(ctx, sess);
	memset(&allocated, 0, sizeof(allocated));
	allocated.size = 64;
	allocated.flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT;
	CHECK_EQ(TEEC_AllocateSharedMemory(&ctx, &allocated), TEEC_SUCCESS);
	memset(allocated.buffer, 5, 64);
	memset(&registered, 0, sizeof(registered));
	registered.buffer = mine;
	registered.size = sizeof(mine);
	registered.flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT;
	CHECK_EQ(TEEC_RegisterSharedMemory(&ctx, &registered), TEEC_SUCCESS);
	TEEC_SharedMemory allocated_copy = allocated;
	struct bumper ba = { .sess = &sess, .shm = &allocated_copy };
	struct bumper br = { .sess = &sess, .shm = &registered };
	TEEC_SharedMemory registered_copy = registered;

	br.shm = &registered_copy;
	CHECK(pthread_create(&a, NULL, bump_later, &ba) == 0);
	CHECK(pthread_create(&r, NULL, bump_later, &br) == 0);
	usleep(150 * 1000);
	TEEC_ReleaseSharedMemory(&allocated);
	TEEC_ReleaseSharedMemory(&registered);
	pthread_join(a, NULL);
	pthread_join(r, NULL);
	CHECK_EQ(ba.res, TEEC_SUCCESS);
	CHECK_EQ(br.res, TEEC_SUCCESS);
	CHECK_EQ(mine[0], 1);  /* the shadow was copied back after the release */
	CHECK_EQ(mine[63], 1);
	/* released: a new call naming either is the caller's error */
	TEEC_Operation op = new_op(TEEC_MEMREF_WHOLE, TEEC_VALUE_INOUT, TEEC_NONE, TEEC_NONE);

	op.params[0].memref.parent = &allocated_copy;
	CHECK_EQ(TEEC_InvokeCommand(&sess, CMD_BUMP, &op, &origin), TEEC_ERROR_BAD_PARAMETERS);
	CHECK_EQ(origin, TEEC_ORIGIN_API);
	op.params[0].memref.parent = &registered_copy;
	CHECK_EQ(TEEC_InvokeCommand(&sess, CMD_BUMP, &op, &origin), TEEC_ERROR_BAD_PARAMETERS);
	TEEC_CloseSession(&sess);
	TEEC_FinalizeContext(&ctx);
}

static void t_sessions(void)
{
	TEEC_Context ctx;
	TEEC_Session sess;
	TEEC_Session copy;
	uint32_t origin = 0;
	TEEC_Operation op = new_op(TEEC_VALUE_INPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);

	OPEN(ctx, sess);
	copy = sess; /* a session copied by value works like the original */
	CHECK_EQ(TEEC_InvokeCommand(&copy, CMD_RETURN, &op, &origin), TEEC_SUCCESS);
	TEEC_CloseSession(&sess);
	TEEC_CloseSession(&sess); /* twice: harmless */
	TEEC_CloseSession(NULL);
	CHECK(TEEC_InvokeCommand(&copy, CMD_RETURN, &op, &origin) != TEEC_SUCCESS);
	CHECK(origin != TEEC_ORIGIN_TRUSTED_APP);

	/* finalizing with a session open: the core closes it; closing it later is harmless */
	CHECK_EQ(TEEC_OpenSession(&ctx, &sess, &test_ta, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin),
		 TEEC_SUCCESS);
	TEEC_FinalizeContext(&ctx);
	TEEC_CloseSession(&sess);
	CHECK_EQ(TEEC_InvokeCommand(&sess, CMD_RETURN, &op, &origin), TEEC_ERROR_COMMUNICATION);
	CHECK_EQ(origin, TEEC_ORIGIN_COMMS);
	/* and a new context works */
	OPEN(ctx, sess);
	CHECK_EQ(TEEC_InvokeCommand(&sess, CMD_RETURN, &op, &origin), TEEC_SUCCESS);
	TEEC_CloseSession(&sess);
	TEEC_FinalizeContext(&ctx);
}

static int parse_uuid(const char *hex, uint8_t out[16])
{
	if (!hex || strlen(hex) != 32)
		return -1;
	for (int i = 0; i < 16; i++) {
		unsigned v;

		if (sscanf(hex + 2 * i, "%2x", &v) != 1)
			return -1;
		out[i] = (uint8_t)v;
	}
	return 0;
}

static void t_logins(void)
{
	TEEC_Context ctx;
	TEEC_Session sess;
	uint32_t origin = 0;
	uint8_t id[16];
	uint8_t expected[16];
	static const uint8_t nil[16];
	TEEC_Operation op = new_op(TEEC_VALUE_OUTPUT, TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE, TEEC_NONE);

	CHECK_EQ(TEEC_InitializeContext(NULL, &ctx), TEEC_SUCCESS);
	op.params[1].tmpref.buffer = id;
	op.params[1].tmpref.size = sizeof(id);

	CHECK_EQ(TEEC_OpenSession(&ctx, &sess, &test_ta, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin),
		 TEEC_SUCCESS);
	CHECK_EQ(TEEC_InvokeCommand(&sess, CMD_IDENTITY, &op, &origin), TEEC_SUCCESS);
	CHECK_EQ(op.params[0].value.a, TEEC_LOGIN_PUBLIC);
	CHECK(memcmp(id, nil, 16) == 0);
	TEEC_CloseSession(&sess);

	CHECK_EQ(TEEC_OpenSession(&ctx, &sess, &test_ta, TEEC_LOGIN_USER, NULL, NULL, &origin),
		 TEEC_SUCCESS);
	CHECK_EQ(TEEC_InvokeCommand(&sess, CMD_IDENTITY, &op, &origin), TEEC_SUCCESS);
	CHECK_EQ(op.params[0].value.a, TEEC_LOGIN_USER);
	if (parse_uuid(getenv("EXPECT_USER_UUID"), expected) == 0)
		CHECK(memcmp(id, expected, 16) == 0);
	TEEC_CloseSession(&sess);

	gid_t gid = getegid();

	CHECK_EQ(TEEC_OpenSession(&ctx, &sess, &test_ta, TEEC_LOGIN_GROUP, &gid, NULL, &origin),
		 TEEC_SUCCESS);
	CHECK_EQ(TEEC_InvokeCommand(&sess, CMD_IDENTITY, &op, &origin), TEEC_SUCCESS);
	CHECK_EQ(op.params[0].value.a, TEEC_LOGIN_GROUP);
	if (parse_uuid(getenv("EXPECT_GROUP_UUID"), expected) == 0)
		CHECK(memcmp(id, expected, 16) == 0);
	TEEC_CloseSession(&sess);

	gid_t not_mine = 54321;

	CHECK_EQ(TEEC_OpenSession(&ctx, &sess, &test_ta, TEEC_LOGIN_GROUP, &not_mine, NULL, &origin),
		 TEEC_ERROR_ACCESS_DENIED);
	CHECK(origin != TEEC_ORIGIN_TRUSTED_APP);
	CHECK_EQ(TEEC_OpenSession(&ctx, &sess, &test_ta, TEEC_LOGIN_APPLICATION, NULL, NULL, &origin),
		 TEEC_ERROR_NOT_SUPPORTED);
	TEEC_FinalizeContext(&ctx);
}

struct waiter {
	TEEC_Session *sess;
	TEEC_Operation op;
	TEEC_Result res;
	uint32_t origin;
	uint32_t millis;
};

static void *wait_in_ta(void *arg)
{
	struct waiter *w = arg;

	w->op = new_op(TEEC_VALUE_INPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	w->op.params[0].value.a = w->millis;
	w->res = TEEC_InvokeCommand(w->sess, CMD_WAIT, &w->op, &w->origin);
	return NULL;
}

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1000 + (double)t.tv_nsec / 1e6;
}

static void t_cancel(void)
{
	TEEC_Context ctx;
	TEEC_Session sess;
	pthread_t thread;
	struct waiter w = { .millis = 20000 };

	OPEN(ctx, sess);
	TEEC_RequestCancellation(NULL); /* harmless */
	w.sess = &sess;
	double start = now_ms();

	CHECK(pthread_create(&thread, NULL, wait_in_ta, &w) == 0);
	/* cancel until the call ends: the first request may come before it reached the TA */
	for (int i = 0; i < 400; i++) {
		usleep(50 * 1000);
		TEEC_RequestCancellation(&w.op);
		if (now_ms() - start > 10000)
			break;
		if (pthread_tryjoin_np(thread, NULL) == 0)
			goto joined;
	}
	pthread_join(thread, NULL);
joined:
	CHECK_EQ(w.res, TEEC_ERROR_CANCEL);
	CHECK_EQ(w.origin, TEEC_ORIGIN_TRUSTED_APP);
	CHECK(now_ms() - start < 10000);
	TEEC_RequestCancellation(&w.op); /* after the call: harmless */
	TEEC_CloseSession(&sess);
	TEEC_FinalizeContext(&ctx);
}

/* Eight threads share one context and two sessions; a ninth call is cancelled meanwhile. */
struct worker {
	TEEC_Context *ctx;
	TEEC_Session *sess;
	TEEC_SharedMemory *shm;
	int index;
	int errors;
};

static void *work(void *arg)
{
	struct worker *k = arg;
	uint32_t origin;

	for (int i = 0; i < 150; i++) {
		TEEC_Operation op = new_op(TEEC_VALUE_INPUT, TEEC_VALUE_OUTPUT, TEEC_VALUE_INOUT,
					   TEEC_NONE);

		op.params[0].value.a = (uint32_t)(k->index * 1000 + i);
		op.params[2].value.a = (uint32_t)i;
		if (TEEC_InvokeCommand(k->sess, CMD_VALUES, &op, &origin) != TEEC_SUCCESS ||
		    op.params[1].value.a != (uint32_t)(k->index * 1000 + i + 1) ||
		    op.params[2].value.a != (uint32_t)(2 * i))
			k->errors++;
		uint8_t in[64];
		uint8_t out[64];
		uint8_t inout[1] = { (uint8_t)i };

		memset(in, k->index, sizeof(in));
		op = new_op(TEEC_MEMREF_TEMP_INPUT, TEEC_MEMREF_TEMP_OUTPUT, TEEC_MEMREF_TEMP_INOUT,
			    TEEC_VALUE_OUTPUT);
		op.params[0].tmpref.buffer = in;
		op.params[0].tmpref.size = sizeof(in);
		op.params[1].tmpref.buffer = out;
		op.params[1].tmpref.size = sizeof(out);
		op.params[2].tmpref.buffer = inout;
		op.params[2].tmpref.size = sizeof(inout);
		if (TEEC_InvokeCommand(k->sess, CMD_MEMREFS, &op, &origin) != TEEC_SUCCESS ||
		    out[63] != (uint8_t)(k->index ^ 0xFF) || inout[0] != (uint8_t)(i + 1))
			k->errors++;
		/* a partial reference to this thread's own slice of one shared block */
		op = new_op(TEEC_MEMREF_PARTIAL_INOUT, TEEC_VALUE_INOUT, TEEC_NONE, TEEC_NONE);
		op.params[0].memref.parent = k->shm;
		op.params[0].memref.offset = (size_t)k->index * 16;
		op.params[0].memref.size = 16;
		uint8_t before = ((uint8_t *)k->shm->buffer)[k->index * 16];

		if (TEEC_InvokeCommand(k->sess, CMD_BUMP, &op, &origin) != TEEC_SUCCESS ||
		    ((uint8_t *)k->shm->buffer)[k->index * 16] != (uint8_t)(before + 1))
			k->errors++;
	}
	return NULL;
}

static void t_threads(void)
{
	TEEC_Context ctx;
	TEEC_Session sessions[2];
	TEEC_SharedMemory shm;
	uint32_t origin;
	pthread_t threads[8];
	struct worker workers[8];
	pthread_t waiting;
	struct waiter w = { .millis = 30000 };

	CHECK_EQ(TEEC_InitializeContext(NULL, &ctx), TEEC_SUCCESS);
	for (int i = 0; i < 2; i++)
		CHECK_EQ(TEEC_OpenSession(&ctx, &sessions[i], &test_ta, TEEC_LOGIN_PUBLIC, NULL, NULL,
					  &origin), TEEC_SUCCESS);
	memset(&shm, 0, sizeof(shm));
	shm.size = 8 * 16;
	shm.flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT;
	CHECK_EQ(TEEC_AllocateSharedMemory(&ctx, &shm), TEEC_SUCCESS);
	memset(shm.buffer, 0, shm.size);

	TEEC_Session waiting_session;

	CHECK_EQ(TEEC_OpenSession(&ctx, &waiting_session, &test_ta, TEEC_LOGIN_PUBLIC, NULL, NULL,
				  &origin), TEEC_SUCCESS);
	w.sess = &waiting_session;
	CHECK(pthread_create(&waiting, NULL, wait_in_ta, &w) == 0);
	for (int i = 0; i < 8; i++) {
		workers[i] = (struct worker){ .ctx = &ctx, .sess = &sessions[i % 2], .shm = &shm,
					      .index = i };
		CHECK(pthread_create(&threads[i], NULL, work, &workers[i]) == 0);
	}
	usleep(200 * 1000);
	TEEC_RequestCancellation(&w.op); /* from another thread, while the workers run */
	int errors = 0;

	for (int i = 0; i < 8; i++) {
		pthread_join(threads[i], NULL);
		errors += workers[i].errors;
	}
	for (int i = 0; i < 100 && pthread_tryjoin_np(waiting, NULL) != 0; i++) {
		usleep(100 * 1000);
		TEEC_RequestCancellation(&w.op);
	}
	CHECK_EQ(errors, 0);
	CHECK_EQ(w.res, TEEC_ERROR_CANCEL);
	for (int i = 0; i < 8; i++)
		CHECK_EQ(((uint8_t *)shm.buffer)[i * 16], 150);
	TEEC_ReleaseSharedMemory(&shm);
	TEEC_CloseSession(&waiting_session);
	TEEC_CloseSession(&sessions[0]);
	TEEC_CloseSession(&sessions[1]);
	TEEC_FinalizeContext(&ctx);
}

/*
 * Threads whose calls carry large temporary buffers both ways, so that one thread is still
 * writing its request while replies for others wait in the socket: the reader role must pass
 * only to a thread whose request is sent, or nobody reads and everyone waits.
 */
#define BIG (512 * 1024)

static void *big_calls(void *arg)
{
	struct worker *k = arg;
	uint8_t *in = malloc(BIG);
	uint8_t *out = malloc(BIG);
	uint32_t origin;

	if (!in || !out) {
		k->errors++;
		free(in);
		free(out);
		return NULL;
	}
	memset(in, k->index, BIG);
	for (int i = 0; i < 20; i++) {
		uint8_t inout[1] = { 0 };
		TEEC_Operation op = new_op(TEEC_MEMREF_TEMP_INPUT, TEEC_MEMREF_TEMP_OUTPUT,
					   TEEC_MEMREF_TEMP_INOUT, TEEC_VALUE_OUTPUT);

		op.params[0].tmpref.buffer = in;
		op.params[0].tmpref.size = BIG;
		op.params[1].tmpref.buffer = out;
		op.params[1].tmpref.size = BIG;
		op.params[2].tmpref.buffer = inout;
		op.params[2].tmpref.size = sizeof(inout);
		out[BIG - 1] = 0;
		if (TEEC_InvokeCommand(k->sess, CMD_MEMREFS, &op, &origin) != TEEC_SUCCESS ||
		    out[BIG - 1] != (uint8_t)(k->index ^ 0xFF) || inout[0] != 1)
			k->errors++;
	}
	free(in);
	free(out);
	return NULL;
}

static void t_threads_large(void)
{
	TEEC_Context ctx;
	TEEC_Session sess;
	pthread_t threads[6];
	struct worker workers[6];
	int errors = 0;

	OPEN(ctx, sess);
	for (int i = 0; i < 6; i++) {
		workers[i] = (struct worker){ .ctx = &ctx, .sess = &sess, .index = i + 1 };
		CHECK(pthread_create(&threads[i], NULL, big_calls, &workers[i]) == 0);
	}
	for (int i = 0; i < 6; i++) {
		pthread_join(threads[i], NULL);
		errors += workers[i].errors;
	}
	CHECK_EQ(errors, 0);
	TEEC_CloseSession(&sess);
	TEEC_FinalizeContext(&ctx);
}

/* Run with no core at $JTEE_SOCKET. */
static void t_no_core(void)
{
	TEEC_Context ctx;

	CHECK_EQ(TEEC_InitializeContext(NULL, &ctx), TEEC_ERROR_COMMUNICATION);
	TEEC_FinalizeContext(&ctx); /* harmless after a failed initialize */
}

/* Run against a core that the caller kills once "waiting" is printed. */
static void t_core_dies(void)
{
	TEEC_Context ctx;
	TEEC_Session sess;
	uint32_t origin = 0;
	TEEC_Operation op = new_op(TEEC_VALUE_INPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);

	OPEN(ctx, sess);
	op.params[0].value.a = 60000;
	printf("waiting\n");
	fflush(stdout);
	CHECK_EQ(TEEC_InvokeCommand(&sess, CMD_WAIT, &op, &origin), TEEC_ERROR_COMMUNICATION);
	CHECK_EQ(origin, TEEC_ORIGIN_COMMS);
	/* the program goes on: later calls fail the same way, at once */
	CHECK_EQ(TEEC_InvokeCommand(&sess, CMD_RETURN, &op, &origin), TEEC_ERROR_COMMUNICATION);
	CHECK_EQ(origin, TEEC_ORIGIN_COMMS);
	TEEC_SharedMemory shm = { .size = 8, .flags = TEEC_MEM_INPUT };

	CHECK(TEEC_AllocateSharedMemory(&ctx, &shm) != TEEC_SUCCESS);
	TEEC_CloseSession(&sess);
	TEEC_FinalizeContext(&ctx);
}

struct test_case {
	const char *name;
	void (*run)(void);
};

static const struct test_case all_cases[] = {
	{ "struct_layout", t_struct_layout },
	{ "context", t_context },
	{ "open_bad_arguments", t_open_bad_arguments },
	{ "open_write_back", t_open_write_back },
	{ "values", t_values },
	{ "temp_memrefs", t_temp_memrefs },
	{ "temp_shapes", t_temp_shapes },
	{ "short_buffer_two_calls", t_short_buffer_two_calls },
	{ "bad_parameters", t_bad_parameters },
	{ "ta_results", t_ta_results },
	{ "allocate", t_allocate },
	{ "register", t_register },
	{ "partial_checks", t_partial_checks },
	{ "descriptor", t_descriptor },
	{ "release_in_use", t_release_in_use },
	{ "sessions", t_sessions },
	{ "logins", t_logins },
	{ "cancel", t_cancel },
	{ "threads", t_threads },
	{ "threads_large", t_threads_large },
};

static const struct test_case special_cases[] = {
	{ "--no-core", t_no_core },
	{ "--core-dies", t_core_dies },
};

static void run(const struct test_case *c)
{
	int before = failures;

	current = c->name;
	c->run();
	printf("%s %s\n", failures == before ? "ok" : "not ok", c->name);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	size_t n = sizeof(all_cases) / sizeof(all_cases[0]);

	if (argc == 1) {
		for (size_t i = 0; i < n; i++)
			run(&all_cases[i]);
	}
	for (int a = 1; a < argc; a++) {
		const struct test_case *found = NULL;

		for (size_t i = 0; i < n; i++)
			if (strcmp(argv[a], all_cases[i].name) == 0)
				found = &all_cases[i];
		for (size_t i = 0; i < 2; i++)
			if (strcmp(argv[a], special_cases[i].name) == 0)
				found = &special_cases[i];
		if (!found) {
			fprintf(stderr, "teec_test: no case %s\n", argv[a]);
			return 2;
		}
		run(found);
	}
	printf("%d failed\n", failures);
	return failures ? 1 : 0;
}
