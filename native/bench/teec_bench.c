/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The C side of `jtee bench invoke|shm --client c`: the same calls the Java client's benchmarks
 * make (org.jtee.bench.Benchmarks), through libteec.so.2, timed the same way. Prints the run's
 * wall time in seconds on the first line, then one line per timed call with its nanoseconds;
 * the CLI computes the percentiles with the Java benchmarks' own code.
 *
 *   teec_bench invoke UUID CMD WARMUP CALLS          VALUE_INOUT (1, 2), as the Java client's
 *   teec_bench invoke-memref UUID CMD WARMUP CALLS   three 64-byte PARTIAL references (INOUT,
 *                                                    INPUT, OUTPUT) into one allocated 64 KiB
 *                                                    segment: how the PKCS#11 module calls its TA
 *   teec_bench shm UUID CMD BYTES WARMUP CALLS       WHOLE of BYTES allocated INPUT memory + VALUE_OUTPUT
 */
#define _GNU_SOURCE
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <tee_client_api.h>

static long long now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void parse_uuid(const char *s, TEEC_UUID *u)
{
	unsigned b[16];

	if (sscanf(s, "%2x%2x%2x%2x-%2x%2x-%2x%2x-%2x%2x-%2x%2x%2x%2x%2x%2x", &b[0], &b[1], &b[2],
		   &b[3], &b[4], &b[5], &b[6], &b[7], &b[8], &b[9], &b[10], &b[11], &b[12], &b[13],
		   &b[14], &b[15]) != 16)
		errx(2, "not a UUID: %s", s);
	u->timeLow = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
	u->timeMid = (uint16_t)(b[4] << 8 | b[5]);
	u->timeHiAndVersion = (uint16_t)(b[6] << 8 | b[7]);
	for (int i = 0; i < 8; i++)
		u->clockSeqAndNode[i] = (uint8_t)b[8 + i];
}

static long count(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*end || v < 0)
		errx(2, "not a count: %s", s);
	return v;
}

int main(int argc, char **argv)
{
	TEEC_Context ctx;
	TEEC_Session sess;
	TEEC_SharedMemory shm;
	TEEC_Operation op;
	TEEC_UUID uuid;
	uint32_t origin;
	bool is_shm = argc == 7 && strcmp(argv[1], "shm") == 0;
	bool is_memref = argc == 6 && strcmp(argv[1], "invoke-memref") == 0;

	if (!is_shm && !is_memref && !(argc == 6 && strcmp(argv[1], "invoke") == 0))
		errx(2, "usage: teec_bench invoke|invoke-memref UUID CMD WARMUP CALLS | "
			"shm UUID CMD BYTES WARMUP CALLS");
	parse_uuid(argv[2], &uuid);
	uint32_t cmd = (uint32_t)count(argv[3]);
	long warmup = count(argv[is_shm ? 5 : 4]);
	long calls = count(argv[is_shm ? 6 : 5]);
	TEEC_Result res = TEEC_InitializeContext(NULL, &ctx);

	if (res != TEEC_SUCCESS)
		errx(1, "TEEC_InitializeContext: 0x%x", res);
	res = TEEC_OpenSession(&ctx, &sess, &uuid, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin);
	if (res != TEEC_SUCCESS)
		errx(1, "TEEC_OpenSession: 0x%x origin %u", res, origin);
	memset(&op, 0, sizeof(op));
	if (is_shm) {
		memset(&shm, 0, sizeof(shm));
		shm.size = (size_t)count(argv[4]);
		shm.flags = TEEC_MEM_INPUT;
		res = TEEC_AllocateSharedMemory(&ctx, &shm);
		if (res != TEEC_SUCCESS)
			errx(1, "TEEC_AllocateSharedMemory: 0x%x", res);
		for (size_t i = 0; i < shm.size; i++)
			((uint8_t *)shm.buffer)[i] = (uint8_t)(i * 31);
		op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_WHOLE, TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE);
		op.params[0].memref.parent = &shm;
	} else if (is_memref) {
		memset(&shm, 0, sizeof(shm));
		shm.size = 64 * 1024;
		shm.flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT;
		res = TEEC_AllocateSharedMemory(&ctx, &shm);
		if (res != TEEC_SUCCESS)
			errx(1, "TEEC_AllocateSharedMemory: 0x%x", res);
		op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_PARTIAL_INOUT, TEEC_MEMREF_PARTIAL_INPUT,
						 TEEC_MEMREF_PARTIAL_OUTPUT, TEEC_NONE);
		for (int i = 0; i < 3; i++)
			op.params[i].memref = (TEEC_RegisteredMemoryReference){ &shm, 64, 64 * (size_t)i };
	} else {
		op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
		op.params[0].value.a = 1;
		op.params[0].value.b = 2;
	}
	for (long i = 0; i < warmup; i++) {
		res = TEEC_InvokeCommand(&sess, cmd, &op, &origin);
		if (res != TEEC_SUCCESS)
			errx(1, "TEEC_InvokeCommand: 0x%x origin %u", res, origin);
	}
	long long *nanos = malloc(sizeof(long long) * (size_t)(calls ? calls : 1));

	if (!nanos)
		errx(1, "no memory");
	long long start = now_ns();

	for (long i = 0; i < calls; i++) {
		long long t0 = now_ns();

		res = TEEC_InvokeCommand(&sess, cmd, &op, &origin);
		nanos[i] = now_ns() - t0;
		if (res != TEEC_SUCCESS)
			errx(1, "TEEC_InvokeCommand: 0x%x origin %u", res, origin);
	}
	double seconds = (double)(now_ns() - start) / 1e9;

	printf("%.9f\n", seconds);
	for (long i = 0; i < calls; i++)
		printf("%lld\n", nanos[i]);
	free(nanos);
	if (is_shm || is_memref)
		TEEC_ReleaseSharedMemory(&shm);
	TEEC_CloseSession(&sess);
	TEEC_FinalizeContext(&ctx);
	return 0;
}
