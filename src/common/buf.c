/*
 * buf.c - cursor reads of untrusted bytes, and owned byte strings.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/err.h"
#include "common/mem.h"

int
buf_read(const uint8_t **p, size_t *len, void *dst, size_t n)
{
	if (p == NULL || len == NULL || (*p == NULL && *len != 0))
		return EBID_ERR_ARG;
	if (n > *len)
		return EBID_ERR_PARSE;
	if (n == 0)
		return EBID_OK;		/* an empty cursor may be NULL */
	if (dst != NULL)
		memcpy(dst, *p, n);
	*p += n;
	*len -= n;
	return EBID_OK;
}

int
buf_skip(const uint8_t **p, size_t *len, size_t n)
{
	return buf_read(p, len, NULL, n);
}

int
buf_take(const uint8_t **p, size_t *len, size_t n, const uint8_t **sub)
{
	const uint8_t *start;
	int rc;

	if (p == NULL || sub == NULL)
		return EBID_ERR_ARG;
	start = *p;
	if ((rc = buf_read(p, len, NULL, n)) != EBID_OK)
		return rc;
	*sub = start;
	return EBID_OK;
}

int
buf_u8(const uint8_t **p, size_t *len, uint8_t *v)
{
	return buf_read(p, len, v, 1);
}

int
buf_u16be(const uint8_t **p, size_t *len, uint16_t *v)
{
	uint8_t b[2];
	int rc;

	if ((rc = buf_read(p, len, b, sizeof(b))) != EBID_OK)
		return rc;
	*v = (uint16_t)((unsigned)b[0] << 8 | b[1]);
	return EBID_OK;
}

blob_t *
blob_new(void)
{
	return calloc(1, sizeof(blob_t));
}

void
blob_reset(blob_t *b)
{
	if (b == NULL)
		return;
	if (b->ptr != NULL)
		mem_wipe(b->ptr, b->cap);
	free(b->ptr);
	b->ptr = NULL;
	b->len = 0;
	b->cap = 0;
}

void
blob_free(blob_t **bp)
{
	if (bp == NULL || *bp == NULL)
		return;
	blob_reset(*bp);
	free(*bp);
	*bp = NULL;
}

/* Grow to at least want bytes; a move wipes the old copy. */
int
blob_reserve(blob_t *b, size_t want)
{
	uint8_t *n;
	size_t cap;

	if (b == NULL)
		return EBID_ERR_ARG;
	if (want <= b->cap)
		return EBID_OK;
	cap = b->cap ? b->cap : 64;
	while (cap < want) {
		if (SIZE_MAX / 2 < cap)
			return EBID_ERR_NOMEM;
		cap *= 2;
	}
	if ((n = malloc(cap)) == NULL)
		return EBID_ERR_NOMEM;
	if (b->len != 0)
		memcpy(n, b->ptr, b->len);
	if (b->ptr != NULL)
		mem_wipe(b->ptr, b->cap);
	free(b->ptr);
	b->ptr = n;
	b->cap = cap;
	return EBID_OK;
}

int
blob_append(blob_t *b, const uint8_t *src, size_t n)
{
	int rc;

	if (b == NULL || (src == NULL && n != 0))
		return EBID_ERR_ARG;
	if (SIZE_MAX - b->len < n)
		return EBID_ERR_NOMEM;
	if ((rc = blob_reserve(b, b->len + n)) != EBID_OK)
		return rc;
	if (n != 0)
		memcpy(b->ptr + b->len, src, n);
	b->len += n;
	return EBID_OK;
}

int
blob_append_u8(blob_t *b, uint8_t v)
{
	return blob_append(b, &v, 1);
}

int
blob_set(blob_t *b, const uint8_t *src, size_t n)
{
	if (b == NULL)
		return EBID_ERR_ARG;
	if (b->ptr != NULL)
		mem_wipe(b->ptr, b->cap);
	b->len = 0;
	return blob_append(b, src, n);
}
