/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The random client: asks the random TA for 16 random bytes, printing what OP-TEE's
 * optee_example_random prints (each byte with %x). Written for jtee from the TA's protocol.
 */
#include <err.h>
#include <stdio.h>
#include <string.h>

#include <tee_client_api.h>

/* b6c53aba-9669-4668-a7f2-205629d00f86 */
static const TEEC_UUID random_uuid = {
	0xb6c53aba, 0x9669, 0x4668, { 0xa7, 0xf2, 0x20, 0x56, 0x29, 0xd0, 0x0f, 0x86 }
};

#define CMD_GENERATE 0

int main(void)
{
	TEEC_Context ctx;
	TEEC_Session sess;
	TEEC_Operation op;
	uint8_t random_uuid_bytes[16] = { 0 };
	uint32_t origin;
	TEEC_Result res = TEEC_InitializeContext(NULL, &ctx);

	if (res != TEEC_SUCCESS)
		errx(1, "TEEC_InitializeContext failed with code 0x%x", res);
	res = TEEC_OpenSession(&ctx, &sess, &random_uuid, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin);
	if (res != TEEC_SUCCESS)
		errx(1, "TEEC_Opensession failed with code 0x%x origin 0x%x", res, origin);

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	op.params[0].tmpref.buffer = random_uuid_bytes;
	op.params[0].tmpref.size = sizeof(random_uuid_bytes);
	printf("Invoking TA to generate random UUID... \n");
	res = TEEC_InvokeCommand(&sess, CMD_GENERATE, &op, &origin);
	if (res != TEEC_SUCCESS)
		errx(1, "TEEC_InvokeCommand failed with code 0x%x origin 0x%x", res, origin);
	printf("TA generated UUID value = 0x");
	for (size_t i = 0; i < sizeof(random_uuid_bytes); i++)
		printf("%x", random_uuid_bytes[i]);
	printf("\n");

	TEEC_CloseSession(&sess);
	TEEC_FinalizeContext(&ctx);
	return 0;
}
