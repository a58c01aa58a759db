/*
 * hex.c - bytes as hex text (hex.h).
 */
#include "config.h"

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
