/*
 * hex.c - bytes as hex text and back (hex.h).
 */
#include "config.h"

#include <string.h>

#include "common/err.h"
#include "common/hex.h"

void
hex_encode(const uint8_t *p, size_t n, char *out, size_t outn, int lower)
{
	const char *digits = lower ? "0123456789abcdef" : "0123456789ABCDEF";
	size_t i;

	if (out == NULL || outn == 0)
		return;
	for (i = 0; i < n && 2 * i + 3 <= outn; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 0x0F];
	}
	out[2 * i] = '\0';
}

int
hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
hex_decode(const char *s, const char *seps, uint8_t *out, size_t max,
    size_t *len)
{
	size_t n = 0;
	int hi = -1, v;

	if (s == NULL || len == NULL || (out == NULL && max > 0))
		return EBID_ERR_ARG;
	for (; *s != '\0'; s++) {
		if (seps != NULL && strchr(seps, *s) != NULL)
			continue;
		if ((v = hex_digit((unsigned char)*s)) < 0)
			return EBID_ERR_PARSE;
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (n == max)
			return EBID_ERR_BUFFER_SMALL;
		out[n++] = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	if (hi >= 0)
		return EBID_ERR_PARSE;
	*len = n;
	return EBID_OK;
}
