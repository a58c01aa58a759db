/*
 * buf.h - the only way untrusted bytes are read, and owned byte strings.
 *
 * Cursor functions take (const uint8_t **p, size_t *len): on success
 * they consume bytes and advance the cursor; on failure
 * (EBID_ERR_PARSE) they leave it untouched.  No caller forms p + n.
 */
#ifndef EBID_COMMON_BUF_H
#define EBID_COMMON_BUF_H

#include <stddef.h>
#include <stdint.h>

int buf_read(const uint8_t **, size_t *, void *, size_t);
int buf_skip(const uint8_t **, size_t *, size_t);
int buf_take(const uint8_t **, size_t *, size_t, const uint8_t **);
int buf_u8(const uint8_t **, size_t *, uint8_t *);
int buf_u16be(const uint8_t **, size_t *, uint16_t *);

/* An owned, growable byte string; blob_reset and blob_free wipe it. */
typedef struct blob {
	uint8_t	*ptr;
	size_t	 len;
	size_t	 cap;
} blob_t;

blob_t *blob_new(void);
void blob_reset(blob_t *);
void blob_free(blob_t **);
int blob_set(blob_t *, const uint8_t *, size_t);
int blob_append(blob_t *, const uint8_t *, size_t);
int blob_append_u8(blob_t *, uint8_t);
int blob_reserve(blob_t *, size_t);

#endif
