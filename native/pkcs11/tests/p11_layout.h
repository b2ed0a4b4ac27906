/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What p11_layout compares between jtee's PKCS#11 header and p11-kit's: sizes and member
 * offsets of the structures a module and its consumer exchange, and the offset of every
 * function pointer in CK_FUNCTION_LIST. Each translation unit includes one of the two headers
 * and this list, and fills an array of numbers.
 */
#ifndef P11_LAYOUT_H
#define P11_LAYOUT_H

#include <stddef.h>

#define LAYOUT_MEMBERS(M) \
	M(CK_VERSION, minor) \
	M(CK_INFO, flags) M(CK_INFO, libraryDescription) M(CK_INFO, libraryVersion) \
	M(CK_SLOT_INFO, flags) M(CK_SLOT_INFO, hardwareVersion) M(CK_SLOT_INFO, firmwareVersion) \
	M(CK_TOKEN_INFO, flags) M(CK_TOKEN_INFO, ulMaxSessionCount) \
	M(CK_TOKEN_INFO, ulFreePrivateMemory) M(CK_TOKEN_INFO, hardwareVersion) \
	M(CK_TOKEN_INFO, utcTime) \
	M(CK_SESSION_INFO, state) M(CK_SESSION_INFO, ulDeviceError) \
	M(CK_ATTRIBUTE, pValue) M(CK_ATTRIBUTE, ulValueLen) \
	M(CK_DATE, month) M(CK_DATE, day) \
	M(CK_MECHANISM, pParameter) M(CK_MECHANISM, ulParameterLen) \
	M(CK_MECHANISM_INFO, flags) \
	M(CK_C_INITIALIZE_ARGS, flags) M(CK_C_INITIALIZE_ARGS, pReserved) \
	M(CK_RSA_PKCS_OAEP_PARAMS, pSourceData) M(CK_RSA_PKCS_OAEP_PARAMS, ulSourceDataLen) \
	M(CK_RSA_PKCS_PSS_PARAMS, sLen) \
	M(CK_ECDH1_DERIVE_PARAMS, pSharedData) M(CK_ECDH1_DERIVE_PARAMS, pPublicData) \
	M(CK_AES_CTR_PARAMS, cb) \
	M(CK_GCM_PARAMS, ulIvBits) M(CK_GCM_PARAMS, pAAD) M(CK_GCM_PARAMS, ulTagBits) \
	M(CK_KEY_DERIVATION_STRING_DATA, ulLen) \
	M(CK_AES_CBC_ENCRYPT_DATA_PARAMS, pData) M(CK_AES_CBC_ENCRYPT_DATA_PARAMS, length)

#define LAYOUT_SIZES(S) \
	S(CK_ULONG) S(CK_VERSION) S(CK_INFO) S(CK_SLOT_INFO) S(CK_TOKEN_INFO) \
	S(CK_SESSION_INFO) S(CK_ATTRIBUTE) S(CK_DATE) S(CK_MECHANISM) S(CK_MECHANISM_INFO) \
	S(CK_C_INITIALIZE_ARGS) S(CK_RSA_PKCS_OAEP_PARAMS) S(CK_RSA_PKCS_PSS_PARAMS) \
	S(CK_ECDH1_DERIVE_PARAMS) S(CK_AES_CTR_PARAMS) S(CK_GCM_PARAMS) \
	S(CK_KEY_DERIVATION_STRING_DATA) S(CK_AES_CBC_ENCRYPT_DATA_PARAMS) S(CK_FUNCTION_LIST)

#define LAYOUT_FUNCTIONS(F) \
	F(C_Initialize) F(C_Finalize) F(C_GetInfo) F(C_GetFunctionList) F(C_GetSlotList) \
	F(C_GetSlotInfo) F(C_GetTokenInfo) F(C_GetMechanismList) F(C_GetMechanismInfo) \
	F(C_InitToken) F(C_InitPIN) F(C_SetPIN) F(C_OpenSession) F(C_CloseSession) \
	F(C_CloseAllSessions) F(C_GetSessionInfo) F(C_GetOperationState) \
	F(C_SetOperationState) F(C_Login) F(C_Logout) F(C_CreateObject) F(C_CopyObject) \
	F(C_DestroyObject) F(C_GetObjectSize) F(C_GetAttributeValue) F(C_SetAttributeValue) \
	F(C_FindObjectsInit) F(C_FindObjects) F(C_FindObjectsFinal) F(C_EncryptInit) \
	F(C_Encrypt) F(C_EncryptUpdate) F(C_EncryptFinal) F(C_DecryptInit) F(C_Decrypt) \
	F(C_DecryptUpdate) F(C_DecryptFinal) F(C_DigestInit) F(C_Digest) F(C_DigestUpdate) \
	F(C_DigestKey) F(C_DigestFinal) F(C_SignInit) F(C_Sign) F(C_SignUpdate) \
	F(C_SignFinal) F(C_SignRecoverInit) F(C_SignRecover) F(C_VerifyInit) F(C_Verify) \
	F(C_VerifyUpdate) F(C_VerifyFinal) F(C_VerifyRecoverInit) F(C_VerifyRecover) \
	F(C_DigestEncryptUpdate) F(C_DecryptDigestUpdate) F(C_SignEncryptUpdate) \
	F(C_DecryptVerifyUpdate) F(C_GenerateKey) F(C_GenerateKeyPair) F(C_WrapKey) \
	F(C_UnwrapKey) F(C_DeriveKey) F(C_SeedRandom) F(C_GenerateRandom) \
	F(C_GetFunctionStatus) F(C_CancelFunction) F(C_WaitForSlotEvent)

#define LAYOUT_MEMBER(T, m) offsetof(T, m),
#define LAYOUT_SIZE(T) sizeof(T),
#define LAYOUT_FUNCTION(f) offsetof(CK_FUNCTION_LIST, f),

/* the numbers, in list order; each returns how many it wrote */
size_t layout_jtee(size_t *out);
size_t layout_p11kit(size_t *out);

#endif
