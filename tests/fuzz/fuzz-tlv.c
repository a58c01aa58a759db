/*
 * fuzz-tlv.c - the BER-TLV parser over arbitrary bytes.
 *
 * Walks every TLV, descending into constructed ones through a sub-cursor
 * (as the driver does), and checks the parser's promises: a failure
 * leaves the cursor alone; a success consumes at least two bytes, the
 * value lies inside what was consumed and ends where the cursor now is;
 * tags are 1 to 3 bytes and never start 00 or FF.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "card/tlv.h"
#include "common/err.h"
#include "fuzz.h"

#define DEPTH_MAX	64

static void
check_tag(uint32_t tag)
{
	uint8_t first;

	FUZZ_ASSERT(tag != 0 && tag <= 0xFFFFFF);
	first = (uint8_t)(tag > 0xFFFF ? tag >> 16 : tag > 0xFF ? tag >> 8 :
	    tag);
	FUZZ_ASSERT(first != 0x00 && first != 0xFF);
	if (tag > 0xFF)
		FUZZ_ASSERT((first & 0x1F) == 0x1F);
}

static void
walk(const uint8_t *p, size_t len, unsigned depth)
{
	const uint8_t *was;
	size_t had, used;
	struct tlv t, again;

	while (len > 0) {
		was = p;
		had = len;
		if (tlv_next(&p, &len, &t) != EBID_OK) {
			FUZZ_ASSERT(p == was && len == had);
			/* tlv_find stops at the same place. */
			FUZZ_ASSERT(tlv_find(was, had, 0, &again) ==
			    EBID_ERR_PARSE);
			return;
		}
		check_tag(t.tag);
		used = had - len;
		FUZZ_ASSERT(len < had && used >= 2);
		FUZZ_ASSERT(t.len <= used - 2);
		FUZZ_ASSERT(t.val >= was &&
		    (size_t)(t.val - was) == used - t.len);
		/* tlv_find finds the first TLV of its tag at this level. */
		FUZZ_ASSERT(tlv_find(was, had, t.tag, &again) == EBID_OK);
		FUZZ_ASSERT(again.val == t.val && again.len == t.len);
		if (tlv_constructed(t.tag) && depth < DEPTH_MAX)
			walk(t.val, t.len, depth + 1);
	}
	FUZZ_ASSERT(len == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	walk(data, size, 0);
	return 0;
}
