/*
 * regvalue.c - one registry field's value: trimmed, NFKC, vendor
 * numbers, mail addresses, fingerprints and ;-separated lists.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <uninorm.h>
#include <unistr.h>

#include "common/err.h"
#include "common/hex.h"
#include "policy/registry.h"
#include "policy/regread.h"
#include "policy/regvalue.h"
/* --- field values ------------------------------------------------------- */

static size_t
space_at(const char *s, size_t n)
{
	if (n >= 1 && (s[0] == ' ' || s[0] == '\t'))
		return 1;
	if (n >= 3 && memcmp(s, "\xe3\x80\x80", 3) == 0)
		return 3;
	return 0;
}

static size_t
space_before(const char *s, size_t n)
{
	if (n >= 1 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		return 1;
	if (n >= 3 && memcmp(s + n - 3, "\xe3\x80\x80", 3) == 0)
		return 3;
	return 0;
}

/* A copy of n bytes of s without leading or trailing spaces. */
char *
pol_rv_dup_trim(const char *s, size_t n)
{
	size_t k;

	while ((k = space_at(s, n)) != 0) {
		s += k;
		n -= k;
	}
	while ((k = space_before(s, n)) != 0)
		n -= k;
	return strndup(s, n);
}

/* NFKC, trimmed: the form a vendor number is kept and shown in. */
char *
pol_rv_nfkc_trim(const char *s)
{
	uint8_t *norm;
	char *out;
	size_t n;

	if (*s == '\0')
		return strdup("");
	norm = u8_normalize(UNINORM_NFKC, (const uint8_t *)s, strlen(s),
	    NULL, &n);
	if (norm == NULL)
		return NULL;
	out = pol_rv_dup_trim((const char *)norm, n);
	free(norm);
	return out;
}

/* A-Z to a-z and nothing else: never the locale's case rules (tr_TR). */
unsigned char
pol_rv_ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* nfkc_trim, then ASCII lower case: the form header names and categories
 * are compared in. */
char *
pol_rv_key_form(const char *s)
{
	char *out = pol_rv_nfkc_trim(s);
	size_t i;

	for (i = 0; out != NULL && out[i] != '\0'; i++)
		out[i] = (char)pol_rv_ascii_lower((unsigned char)out[i]);
	return out;
}

int
pol_vendor_same(const char *a, const char *b)
{
	unsigned char x, y;

	if (a == NULL || b == NULL)
		return 0;
	do {	/* not strcasecmp: it follows the locale (tr_TR: I, i) */
		x = pol_rv_ascii_lower((unsigned char)*a++);
		y = pol_rv_ascii_lower((unsigned char)*b++);
	} while (x == y && x != '\0');
	return x == y;
}

char *
pol_vendor_form(const char *s)
{
	return s != NULL ? pol_rv_nfkc_trim(s) : NULL;
}

int
pol_rv_vendor_ok(const char *v)
{
	size_t i, n = strlen(v);

	if (n == 0 || n > VENDOR_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (!((v[i] >= '0' && v[i] <= '9') ||
		    (v[i] >= 'A' && v[i] <= 'Z') ||
		    (v[i] >= 'a' && v[i] <= 'z') || v[i] == '-'))
			return 0;
	return 1;
}

static int
label_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > 63 || s[0] == '-' || s[n - 1] == '-')
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= 'a' && s[i] <= 'z') || s[i] == '-'))
			return 0;
	return 1;
}

static int
domain_ok(const char *d)
{
	const char *dot;
	size_t labels = 0, n;

	for (;;) {
		dot = strchr(d, '.');
		n = dot ? (size_t)(dot - d) : strlen(d);
		if (!label_ok(d, n))
			return 0;
		labels++;
		if (dot == NULL)
			return labels >= 2;
		d = dot + 1;
	}
}

/* A pragmatic addr-spec: dot-atom local part, DNS host name. */
int
pol_rv_mail_ok(const char *m)
{
	const char *at = strchr(m, '@'), *p;

	if (at == NULL || at == m || strchr(at + 1, '@') != NULL ||
	    strlen(m) > 254 || at - m > 64 || m[0] == '.' || at[-1] == '.')
		return 0;
	for (p = m; p < at; p++) {
		if (*p <= ' ' || *p >= 0x7f || strchr("\"(),:;<>[\\]", *p))
			return 0;
		if (p[0] == '.' && p[1] == '.')
			return 0;
	}
	return domain_ok(at + 1);
}

/*
 * 64 hex digits, or 32 pairs separated by ':' (95 characters, a colon
 * after every pair but the last).
 */
int
pol_rv_fp_parse(const char *s, uint8_t fp[POL_FP_LEN])
{
	size_t n, i, len = strlen(s);

	if (len == 3 * POL_FP_LEN - 1) {
		for (i = 2; i < len; i += 3)
			if (s[i] != ':')
				return 0;
	} else if (len != 2 * POL_FP_LEN) {
		return 0;
	}
	return hex_decode(s, ":", fp, POL_FP_LEN, &n) == EBID_OK &&
	    n == POL_FP_LEN;
}

/* Length of the list separator at s (';', '；' or '、'), or 0. */
static size_t
sep_at(const char *s)
{
	if (*s == ';')
		return 1;
	if (strncmp(s, "\xef\xbc\x9b", 3) == 0 ||	/* U+FF1B ； */
	    strncmp(s, "\xe3\x80\x81", 3) == 0)		/* U+3001 、 */
		return 3;
	return 0;
}

/*
 * Splits s at separators into trimmed items.  An empty field is an
 * empty list; an empty item is an error (return 1).
 */
int
pol_rv_split(const char *s, char ***out, size_t *n)
{
	const char *start = s;
	size_t k;
	char *item;

	*out = NULL;
	*n = 0;
	if (*s == '\0')
		return 0;
	if ((*out = calloc(LIST_MAX, sizeof(char *))) == NULL)
		return -1;
	for (;; s++) {
		k = *s ? sep_at(s) : 0;
		if (*s != '\0' && k == 0)
			continue;
		if (*n >= LIST_MAX ||
		    (item = pol_rv_dup_trim(start,
		    (size_t)(s - start))) == NULL)
			return *n >= LIST_MAX ? 2 : -1;
		(*out)[(*n)++] = item;
		if (*item == '\0')
			return 1;
		if (*s == '\0')
			return 0;
		s += k - 1;
		start = s + 1;
	}
}

void
pol_rv_free_list(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

