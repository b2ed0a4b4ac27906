/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The hello_world client: asks the hello_world TA to increment 42, printing what OP-TEE's
 * optee_example_hello_world prints. Written for jtee from the TA's protocol.
 */
#include <err.h>
#include <stdio.h>
#include <string.h>

#include <tee_client_api.h>

/* 8aaaf200-2450-11e4-abe2-0002a5d5c51b */
static const TEEC_UUID hello_world_uuid = {
	0x8aaaf200, 0x2450, 0x11e4, { 0xab, 0xe2, 0x00, 0x02, 0xa5, 0xd5, 0xc5, 0x1b }
};

#define CMD_INC_VALUE 0

int main(void)
{
	TEEC_Context ctx;
	TEEC_Session sess;
	TEEC_Operation op;
	uint32_t origin;
	TEEC_Result res = TEEC_InitializeContext(NULL, &ctx);

	if (res != TEEC_SUCCESS)
		errx(1, "TEEC_InitializeContext failed with code 0x%x", res);
	res = TEEC_OpenSession(&ctx, &sess, &hello_world_uuid, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin);
	if (res != TEEC_SUCCESS)
		errx(1, "TEEC_Opensession failed with code 0x%x origin 0x%x", res, origin);

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	op.params[0].value.a = 42;
	printf("Invoking TA to increment %d\n", op.params[0].value.a);
	res = TEEC_InvokeCommand(&sess, CMD_INC_VALUE, &op, &origin);
	if (res != TEEC_SUCCESS)
		errx(1, "TEEC_InvokeCommand failed with code 0x%x origin 0x%x", res, origin);
	printf("TA incremented value to %d\n", op.params[0].value.a);

	TEEC_CloseSession(&sess);
	TEEC_FinalizeContext(&ctx);
	return 0;
}
