/*
 * hex.c - hex strings in, hex dumps out.  The description file's rule
 * is stricter than common/hex.c's hex_decode: every blank-separated token
 * holds whole bytes ("D3 92", never "D 392"), and errors say which rule
 * broke; the digits are read by common/hex.c's hex_digit.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "common/hex.h"
#include "vcard/hex.h"

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* One token of n hex digits starting at s into out[0 .. n/2). */
static int
hex_token(const char *s, size_t n, uint8_t *out)
{
	size_t i;
	int hi, lo;

	for (i = 0; i < n; i += 2) {
		hi = hex_digit((unsigned char)s[i]);
		lo = hex_digit((unsigned char)s[i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[i / 2] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

int
vc_hex_parse(const char *s, uint8_t *out, size_t max, size_t *outlen,
    const char **why)
{
	size_t n, len = 0;

	*why = NULL;
	while (*s != '\0') {
		if (is_blank(*s)) {
			s++;
			continue;
		}
		n = 0;
		while (s[n] != '\0' && !is_blank(s[n]))
			n++;
		if (n % 2 != 0)
			*why = "odd number of hex digits";
		else if (n / 2 > max - len)
			*why = "too many bytes";
		else if (hex_token(s, n, out + len) != 0)
			*why = "not a hex digit";
		if (*why != NULL)
			return -1;
		len += n / 2;
		s += n;
	}
	if (len == 0)
		*why = "no bytes";
	*outlen = len;
	return len == 0 ? -1 : 0;
}

int
vc_hex_id(const char *s, size_t n, uint16_t *id)
{
	uint8_t b[2] = { 0, 0 };

	if (n < 1 || n > 2 || strlen(s) != 2 * n)
		return -1;
	if (hex_token(s, 2 * n, b) != 0)
		return -1;
	*id = n == 1 ? b[0] : (uint16_t)((unsigned)b[0] << 8 | b[1]);
	return 0;
}

void
vc_hex_print(FILE *f, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		fprintf(f, i == 0 ? "%02X" : " %02X", p[i]);
}
