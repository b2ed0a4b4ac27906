/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Checks that jtee's PKCS#11 header lays out every structure a consumer exchanges with the
 * module, and CK_FUNCTION_LIST, exactly as p11-kit's header does: the two headers are written
 * independently, so agreement means both follow the standard's ABI.
 */
#include <stdio.h>
#include <string.h>

#include <jtee/pkcs11.h>

#include "p11_layout.h"

size_t layout_jtee(size_t *out)
{
	static const size_t numbers[] = {
		LAYOUT_MEMBERS(LAYOUT_MEMBER) LAYOUT_SIZES(LAYOUT_SIZE) LAYOUT_FUNCTIONS(LAYOUT_FUNCTION)
	};

	memcpy(out, numbers, sizeof(numbers));
	return sizeof(numbers) / sizeof(numbers[0]);
}

int main(void)
{
	size_t ours[256];
	size_t theirs[256];
	size_t n = layout_jtee(ours);
	size_t m = layout_p11kit(theirs);
	int bad = 0;

	if (n != m) {
		printf("not ok: %zu numbers against %zu\n", n, m);
		return 1;
	}
	for (size_t i = 0; i < n; i++) {
		if (ours[i] != theirs[i]) {
			printf("not ok: number %zu is %zu here, %zu in p11-kit's header\n", i, ours[i],
			       theirs[i]);
			bad = 1;
		}
	}
	if (!bad)
		printf("ok layout: %zu sizes and offsets agree with p11-kit's header\n", n);
	return bad;
}
