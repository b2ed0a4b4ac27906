/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The GlobalPlatform TEE Client API (GPD_SPE_007), as jtee's libteec.so.2 implements it.
 *
 * Source- and binary-compatible with OP-TEE's <tee_client_api.h>: the same names, values and
 * macros, the same member order and the same implementation-private members (callers of
 * OP-TEE's library read ctx.imp.memref_null and session.imp.ctx), so a program built against
 * either header runs against either library. docs/libteec.md describes the library.
 */
#ifndef TEE_CLIENT_API_H
#define TEE_CLIENT_API_H

#ifdef __cplusplus
extern "C" {
#endif

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Limits (GP 4.4) */
#define TEEC_CONFIG_PAYLOAD_REF_COUNT 4
#define TEEC_CONFIG_SHAREDMEM_MAX_SIZE ULONG_MAX

/* Parameter types of TEEC_Operation.paramTypes (GP 4.5.8) */
#define TEEC_NONE                   0x00000000
#define TEEC_VALUE_INPUT            0x00000001
#define TEEC_VALUE_OUTPUT           0x00000002
#define TEEC_VALUE_INOUT            0x00000003
#define TEEC_MEMREF_TEMP_INPUT      0x00000005
#define TEEC_MEMREF_TEMP_OUTPUT     0x00000006
#define TEEC_MEMREF_TEMP_INOUT      0x00000007
#define TEEC_MEMREF_WHOLE           0x0000000C
#define TEEC_MEMREF_PARTIAL_INPUT   0x0000000D
#define TEEC_MEMREF_PARTIAL_OUTPUT  0x0000000E
#define TEEC_MEMREF_PARTIAL_INOUT   0x0000000F

/* Flags of TEEC_SharedMemory.flags (GP 4.5.5) */
#define TEEC_MEM_INPUT   0x00000001
#define TEEC_MEM_OUTPUT  0x00000002

/* Return codes (GP 4.4.2, plus the TEE_ERROR_ values OP-TEE's header also names) */
#define TEEC_SUCCESS                       0x00000000
#define TEEC_ERROR_STORAGE_NOT_AVAILABLE   0xF0100003
#define TEEC_ERROR_GENERIC                 0xFFFF0000
#define TEEC_ERROR_ACCESS_DENIED           0xFFFF0001
#define TEEC_ERROR_CANCEL                  0xFFFF0002
#define TEEC_ERROR_ACCESS_CONFLICT         0xFFFF0003
#define TEEC_ERROR_EXCESS_DATA             0xFFFF0004
#define TEEC_ERROR_BAD_FORMAT              0xFFFF0005
#define TEEC_ERROR_BAD_PARAMETERS          0xFFFF0006
#define TEEC_ERROR_BAD_STATE               0xFFFF0007
#define TEEC_ERROR_ITEM_NOT_FOUND          0xFFFF0008
#define TEEC_ERROR_NOT_IMPLEMENTED         0xFFFF0009
#define TEEC_ERROR_NOT_SUPPORTED           0xFFFF000A
#define TEEC_ERROR_NO_DATA                 0xFFFF000B
#define TEEC_ERROR_OUT_OF_MEMORY           0xFFFF000C
#define TEEC_ERROR_BUSY                    0xFFFF000D
#define TEEC_ERROR_COMMUNICATION           0xFFFF000E
#define TEEC_ERROR_SECURITY                0xFFFF000F
#define TEEC_ERROR_SHORT_BUFFER            0xFFFF0010
#define TEE_ERROR_EXTERNAL_CANCEL          0xFFFF0011
#define TEEC_ERROR_EXTERNAL_CANCEL         0xFFFF0011
#define TEE_ERROR_OVERFLOW                 0xFFFF300F
#define TEE_ERROR_TARGET_DEAD              0xFFFF3024
#define TEEC_ERROR_TARGET_DEAD             0xFFFF3024
#define TEE_ERROR_STORAGE_NO_SPACE         0xFFFF3041
#define TEEC_ERROR_STORAGE_NO_SPACE        0xFFFF3041
#define TEE_ERROR_MAC_INVALID              0xFFFF3071
#define TEE_ERROR_SIGNATURE_INVALID        0xFFFF3072
#define TEE_ERROR_TIME_NOT_SET             0xFFFF5000
#define TEE_ERROR_TIME_NEEDS_RESET         0xFFFF5001

/* Where a result came from (GP 4.4.3) */
#define TEEC_ORIGIN_API          0x00000001
#define TEEC_ORIGIN_COMMS        0x00000002
#define TEEC_ORIGIN_TEE          0x00000003
#define TEEC_ORIGIN_TRUSTED_APP  0x00000004

/* Login methods (GP 4.4.4) */
#define TEEC_LOGIN_PUBLIC       0x00000000
#define TEEC_LOGIN_USER         0x00000001
#define TEEC_LOGIN_GROUP        0x00000002
#define TEEC_LOGIN_APPLICATION  0x00000004
#define TEEC_LOGIN_USER_APPLICATION  0x00000005
#define TEEC_LOGIN_GROUP_APPLICATION  0x00000006

/* Packs four parameter types into TEEC_Operation.paramTypes; the first in the low nibble. */
#define TEEC_PARAM_TYPES(p0, p1, p2, p3) \
	((p0) | ((p1) << 4) | ((p2) << 8) | ((p3) << 12))

/* The type of parameter i of a packed paramTypes word. */
#define TEEC_PARAM_TYPE_GET(p, i) (((p) >> (i * 4)) & 0xF)

typedef uint32_t TEEC_Result;

/*
 * A connection to the TEE. imp.fd is the socket to the jtee core; imp.reg_mem is false (client
 * memory is never registered in place: see TEEC_RegisterSharedMemory); imp.memref_null is true
 * (a NULL temporary buffer reaches the TA as a null memory reference).
 */
typedef struct {
	struct {
		int fd;
		bool reg_mem;
		bool memref_null;
	} imp;
} TEEC_Context;

/* A UUID in its C-struct form (RFC 4122 fields in host byte order). */
typedef struct {
	uint32_t timeLow;
	uint16_t timeMid;
	uint16_t timeHiAndVersion;
	uint8_t clockSeqAndNode[8];
} TEEC_UUID;

/*
 * Memory shared with the TEE. buffer, size and flags are the caller's; imp is the library's:
 * the segment's id on the connection, the bytes mapped, the segment that backs registered memory
 * (shadow_buffer), the descriptor of TEEC_RegisterSharedMemoryFileDescriptor, internal flags.
 */
typedef struct {
	void *buffer;
	size_t size;
	uint32_t flags;
	struct {
		int id;
		size_t alloced_size;
		void *shadow_buffer;
		int registered_fd;
		uint32_t flags;
	} imp;
} TEEC_SharedMemory;

/* A temporary memory reference: the library copies it for the call. */
typedef struct {
	void *buffer;
	size_t size;
} TEEC_TempMemoryReference;

/* A reference to (part of) registered or allocated shared memory. */
typedef struct {
	TEEC_SharedMemory *parent;
	size_t size;
	size_t offset;
} TEEC_RegisteredMemoryReference;

/* Two 32-bit values passed by value. */
typedef struct {
	uint32_t a;
	uint32_t b;
} TEEC_Value;

/* One parameter of an operation; paramTypes says which member is meant. */
typedef union {
	TEEC_TempMemoryReference tmpref;
	TEEC_RegisteredMemoryReference memref;
	TEEC_Value value;
} TEEC_Parameter;

/* A session with a TA: the context it belongs to and the core's session id. */
typedef struct {
	struct {
		TEEC_Context *ctx;
		uint32_t session_id;
	} imp;
} TEEC_Session;

/*
 * The parameters of an open or invoke. imp.session is set by TEEC_InvokeCommand so that
 * TEEC_RequestCancellation can find the call; started is not used.
 */
typedef struct {
	uint32_t started;
	uint32_t paramTypes;
	TEEC_Parameter params[TEEC_CONFIG_PAYLOAD_REF_COUNT];
	struct {
		TEEC_Session *session;
	} imp;
} TEEC_Operation;

/* Connects to the TEE. name: NULL or "optee-tz"; anything else is TEEC_ERROR_ITEM_NOT_FOUND. */
TEEC_Result TEEC_InitializeContext(const char *name, TEEC_Context *context);

/* Closes the connection; the core closes its sessions and releases its shared memory. */
void TEEC_FinalizeContext(TEEC_Context *context);

/* Opens a session on the TA destination. */
TEEC_Result TEEC_OpenSession(TEEC_Context *context,
			     TEEC_Session *session,
			     const TEEC_UUID *destination,
			     uint32_t connectionMethod,
			     const void *connectionData,
			     TEEC_Operation *operation,
			     uint32_t *returnOrigin);

/* Closes a session; the TA's close entry point runs. */
void TEEC_CloseSession(TEEC_Session *session);

/* Invokes command commandID of the session's TA. */
TEEC_Result TEEC_InvokeCommand(TEEC_Session *session,
			       uint32_t commandID,
			       TEEC_Operation *operation,
			       uint32_t *returnOrigin);

/* Registers the caller's buffer as shared memory (backed by a shadow segment). */
TEEC_Result TEEC_RegisterSharedMemory(TEEC_Context *context,
				      TEEC_SharedMemory *sharedMem);

/* Allocates shared memory that the TA reads and writes in place. */
TEEC_Result TEEC_AllocateSharedMemory(TEEC_Context *context,
				      TEEC_SharedMemory *sharedMem);

/* Releases registered or allocated shared memory. */
void TEEC_ReleaseSharedMemory(TEEC_SharedMemory *sharedMemory);

/* Asks the TEE to cancel the open or invoke running with operation. */
void TEEC_RequestCancellation(TEEC_Operation *operation);

#ifdef __cplusplus
}
#endif

#endif /* TEE_CLIENT_API_H */
