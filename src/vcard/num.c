/* num.c - decimal numbers in the description and state files. */
#include "config.h"

#include "vcard/num.h"

int
vc_num_parse(const char *s, unsigned min, unsigned max, unsigned *out)
{
	unsigned v = 0;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (unsigned)(*s - '0');
		if (v > max)
			return -1;
	}
	if (v < min)
		return -1;
	*out = v;
	return 0;
}
