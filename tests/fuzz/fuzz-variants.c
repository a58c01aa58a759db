/*
 * fuzz-variants.c - the kanji variant table (conf/kanji-variants.txt) and
 * the name comparison that uses it.
 *
 * Input: the table's text; optionally a line "%%" and then names, one per
 * line, compared with the table and without it.
 *
 * Checks: pol_variants_parse either succeeds with an empty err or fails
 * with "file:line: reason" and no table; a table holds no more entries
 * than the text has bytes.  For every name: the comparison form of valid
 * UTF-8 is valid UTF-8 without ASCII spaces, tabs or U+3000, invalid
 * UTF-8 has none; pol_name_match is pol_name_normalize's equality (not
 * empty), reflexive and symmetric; and folding only widens: two names
 * equal without the table are equal with it.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <unistr.h>

#include "common/err.h"
#include "fuzz.h"
#include "policy/name.h"

#define SEP		"\n%%\n"
#define NAMES_MAX	64
#define NAME_BYTES	1024

static int
utf8_ok(const char *s, size_t n)
{
	return u8_check((const uint8_t *)s, n) == NULL;
}

static void
check_form(const char *name, const struct pol_variants *vt, char **form)
{
	size_t n = strlen(name);
	int rc;

	*form = (char *)form;
	rc = pol_name_normalize(name, vt, form);
	if (!utf8_ok(name, n)) {
		FUZZ_ASSERT(rc == EBID_ERR_PARSE && *form == NULL);
		return;
	}
	FUZZ_ASSERT(rc == EBID_OK || rc == EBID_ERR_PARSE ||
	    rc == EBID_ERR_NOMEM);
	if (rc != EBID_OK) {
		FUZZ_ASSERT(*form == NULL);
		return;
	}
	FUZZ_ASSERT(*form != NULL && utf8_ok(*form, strlen(*form)));
	FUZZ_ASSERT(strchr(*form, ' ') == NULL && strchr(*form, '\t') == NULL);
	FUZZ_ASSERT(strstr(*form, "\xe3\x80\x80") == NULL);
	FUZZ_ASSERT(pol_name_match(name, name, vt) == (**form != '\0'));
}

static int
same_form(const char *a, const char *b)
{
	return a != NULL && b != NULL && a[0] != '\0' && strcmp(a, b) == 0;
}

static void
check_pair(const char *a, const char *b, const struct pol_variants *vt)
{
	char *fa, *fb, *ra, *rb;
	int with, without;

	check_form(a, vt, &fa);
	check_form(b, vt, &fb);
	check_form(a, NULL, &ra);
	check_form(b, NULL, &rb);
	with = pol_name_match(a, b, vt);
	without = pol_name_match(a, b, NULL);
	FUZZ_ASSERT(with == pol_name_match(b, a, vt));
	FUZZ_ASSERT(with == same_form(fa, fb));
	FUZZ_ASSERT(without == same_form(ra, rb));
	FUZZ_ASSERT(!without || with);
	free(fa);
	free(fb);
	free(ra);
	free(rb);
}

/* The names after the separator, as NUL-terminated copies. */
static size_t
split_names(const char *p, size_t len, char names[][NAME_BYTES])
{
	const char *nl;
	size_t n = 0, k;

	while (len > 0 && n < NAMES_MAX) {
		nl = memchr(p, '\n', len);
		k = nl != NULL ? (size_t)(nl - p) : len;
		if (k < NAME_BYTES && memchr(p, '\0', k) == NULL) {
			memcpy(names[n], p, k);
			names[n++][k] = '\0';
		}
		p += k;
		len -= k;
		if (len > 0) {
			p++;
			len--;
		}
	}
	return n;
}

static void
check_table(const char *text, size_t len, struct pol_variants **vt)
{
	char err[256];
	const char *colon;
	int rc;

	memset(err, 'X', sizeof(err));
	*vt = (struct pol_variants *)vt;
	rc = pol_variants_parse(text, len, "fuzz.txt", vt, err, sizeof(err));
	FUZZ_ASSERT(memchr(err, '\0', sizeof(err)) != NULL);
	if (rc == EBID_OK) {
		FUZZ_ASSERT(*vt != NULL && err[0] == '\0');
		FUZZ_ASSERT(pol_variants_count(*vt) <= len);
		return;
	}
	FUZZ_ASSERT(rc == EBID_ERR_CONFIG || rc == EBID_ERR_NOMEM);
	FUZZ_ASSERT(*vt == NULL);
	if (rc == EBID_ERR_CONFIG) {
		FUZZ_ASSERT(strncmp(err, "fuzz.txt:", 9) == 0);
		colon = strchr(err + 9, ':');
		FUZZ_ASSERT(colon != NULL && colon > err + 9 &&
		    strspn(err + 9, "0123456789") == (size_t)(colon - err - 9));
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char names[NAMES_MAX][NAME_BYTES];
	const char *text = (const char *)data, *sep = NULL;
	struct pol_variants *vt;
	size_t tlen = size, n = 0, i;

	if (size > 65536)
		return 0;
	if (size >= 4)
		sep = memmem(text, size, SEP, 4);
	if (sep != NULL) {
		tlen = (size_t)(sep - text);
		n = split_names(sep + 4, size - tlen - 4, names);
	}
	check_table(text, tlen, &vt);
	for (i = 0; i < n; i++)
		check_pair(names[i], names[(i + 1) % n], vt);
	pol_variants_free(&vt);
	FUZZ_ASSERT(vt == NULL);
	return 0;
}
