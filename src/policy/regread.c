/*
 * regread.c - the registry's bytes read as records: the encoding (UTF-8
 * or CP932, as Excel writes it), RFC 4180 records, and the messages each
 * with its line and column.
 */
#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistr.h>

#include "common/err.h"
#include "common/log.h"
#include "policy/registry.h"
#include "policy/regread.h"

static void
reg_vmsg(struct pol_reg_error *e, size_t line, size_t col, const char *fmt,
    const char *ja, va_list ap)
{
	va_list aq;

	e->line = line;
	e->column = col;
	va_copy(aq, ap);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	vsnprintf(e->ja, sizeof(e->ja), ja, aq);
	va_end(aq);
}

void
pol_rd_err(struct pol_registry *reg, size_t line, size_t col,
    const char *fmt, const char *ja, ...)
{
	struct pol_reg_error *e;
	va_list ap;

	if (reg->nerrs > POL_REG_ERRORS_MAX)
		return;
	e = &reg->errs[reg->nerrs++];
	if (reg->nerrs > POL_REG_ERRORS_MAX) {
		e->line = line;
		e->column = col;
		snprintf(e->msg, sizeof(e->msg), "too many errors");
		snprintf(e->ja, sizeof(e->ja), "誤りが多すぎます");
		return;
	}
	va_start(ap, ja);
	reg_vmsg(e, line, col, fmt, ja, ap);
	va_end(ap);
}

void
pol_rd_fatal(struct pol_registry *reg, size_t line, size_t col,
    const char *fmt, const char *ja, ...)
{
	va_list ap;

	if (!reg->unreadable) {
		reg->unreadable = 1;
		va_start(ap, ja);
		reg_vmsg(&reg->why, line, col, fmt, ja, ap);
		va_end(ap);
	}
	if (reg->nerrs > POL_REG_ERRORS_MAX)
		return;
	if (reg->nerrs == POL_REG_ERRORS_MAX) {
		pol_rd_err(reg, line, col, "%s", "%s", "");	/* "too many" */
		return;
	}
	va_start(ap, ja);
	reg_vmsg(&reg->errs[reg->nerrs++], line, col, fmt, ja, ap);
	va_end(ap);
}

void
pol_rd_warn(struct pol_registry *reg, size_t line, size_t col,
    const char *fmt, const char *ja, ...)
{
	va_list ap;

	if (reg->nwarns >= POL_REG_WARNS_MAX)
		return;
	va_start(ap, ja);
	reg_vmsg(&reg->warns[reg->nwarns++], line, col, fmt, ja, ap);
	va_end(ap);
}
/* --- encoding ---------------------------------------------------------- */

static size_t
line_at(const uint8_t *s, size_t off)
{
	size_t i, line = 1;

	for (i = 0; i < off; i++)
		if (s[i] == '\n')
			line++;
	return line;
}

static int
from_cp932(struct rd *r, const uint8_t *in, size_t len, char **out)
{
	char *src = NULL, *dst = NULL, *ip, *op;
	size_t il = len, ol = len * 3 + 1;
	iconv_t cd;
	int ok = EBID_ERR_NOMEM;

	if ((cd = iconv_open("UTF-8", "CP932")) == (iconv_t)-1)
		return EBID_ERR_INTERNAL;
	if ((src = malloc(len)) == NULL || (dst = malloc(ol)) == NULL)
		goto fail;
	memcpy(src, in, len);
	ip = src;
	op = dst;
	if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1) {
		pol_rd_fatal(r->reg, line_at(in, len - il), 0,
		    "broken encoding: "
		    "neither UTF-8 nor Shift_JIS (CP932)",
		    "文字コードの誤り: UTF-8 でも Shift_JIS（CP932）でもありま"
		    "せん");
		ok = EBID_ERR_PARSE;
		goto fail;
	}
	r->len = (size_t)(op - dst);
	*out = dst;
	dst = NULL;
	ok = EBID_OK;
fail:
	iconv_close(cd);
	free(src);
	free(dst);
	return ok;
}

/* Sets r->s (owned copy in *own) to the UTF-8 text of data. */
int
pol_rd_decode(struct rd *r, const uint8_t *data, size_t len, char **own)
{
	const uint8_t *bad;

	r->reg->encoding = POL_ENC_UTF8;
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		r->reg->encoding = POL_ENC_UTF8_BOM;
		data += 3;
		len -= 3;
	}
	if ((bad = u8_check(data, len)) == NULL) {
		if ((*own = malloc(len + 1)) == NULL)
			return EBID_ERR_NOMEM;
		memcpy(*own, data, len);
		r->len = len;
	} else if (r->reg->encoding == POL_ENC_UTF8_BOM) {
		pol_rd_fatal(r->reg, line_at(data, (size_t)(bad - data)), 0,
		    "broken encoding: invalid UTF-8 after a UTF-8 BOM",
		    "文字コードの誤り: UTF-8 の BOM の後に不正な UTF-8 がありま"
		    "す");
		return EBID_ERR_PARSE;
	} else {
		r->reg->encoding = POL_ENC_CP932;
		if (from_cp932(r, data, len, own) != EBID_OK)
			return EBID_ERR_PARSE;
	}
	(*own)[r->len] = '\0';
	r->s = *own;
	if (strlen(r->s) != r->len) {
		pol_rd_fatal(r->reg, line_at((const uint8_t *)r->s,
		    strlen(r->s)), 0, "broken encoding: NUL byte",
		    "文字コードの誤り: NUL バイトがあります");
		return EBID_ERR_PARSE;
	}
	return EBID_OK;
}

/* --- RFC 4180 records --------------------------------------------------- */

void
pol_rd_rec_clear(struct rec *c)
{
	size_t i;

	for (i = 0; i < c->nf; i++)
		free(c->f[i]);
	memset(c, 0, sizeof(*c));
}

static int
at_eol(const struct rd *r, size_t off)
{
	return off == r->len || r->s[off] == '\n' ||
	    (r->s[off] == '\r' && off + 1 < r->len && r->s[off + 1] == '\n');
}

/* Skips to the start of the next line (error recovery). */
static void
skip_line(struct rd *r)
{
	while (r->off < r->len && r->s[r->off] != '\n')
		r->off++;
}

static int
push_field(struct rec *c, const char *src, size_t span, int quoted)
{
	char *f;
	size_t i, n = 0;

	if (c->nf >= FIELDS_MAX)
		return EBID_ERR_PARSE;
	if ((f = malloc(span + 1)) == NULL)
		return EBID_ERR_NOMEM;
	for (i = 0; i < span; i++) {
		f[n++] = src[i];
		if (quoted && src[i] == '"')
			i++;		/* "" stands for " */
	}
	f[n] = '\0';
	c->f[c->nf] = f;
	c->flen[c->nf++] = n;
	return EBID_OK;
}

static int
quoted_field(struct rd *r, struct rec *c)
{
	size_t start = ++r->off;
	int rc;

	for (;;) {
		if (r->off == r->len) {
			pol_rd_fatal(r->reg, c->line, c->nf + 1,
			    "unterminated quoted field",
			    "引用符で始まる欄が閉じられていません");
			return EBID_ERR_PARSE;
		}
		if (r->s[r->off] == '"') {
			if (r->off + 1 < r->len && r->s[r->off + 1] == '"') {
				r->off += 2;
				continue;
			}
			break;
		}
		if (r->s[r->off++] == '\n')
			r->line++;
	}
	if ((rc = push_field(c, r->s + start, r->off - start, 1)) != 0)
		return rc;
	r->off++;
	if (!at_eol(r, r->off) && r->s[r->off] != ',') {
		pol_rd_fatal(r->reg, c->line, c->nf,
		    "text after a closing quote",
		    "閉じ引用符の後に文字があります");
		return EBID_ERR_PARSE;
	}
	return EBID_OK;
}

static int
plain_field(struct rd *r, struct rec *c)
{
	size_t start = r->off;

	while (!at_eol(r, r->off) && r->s[r->off] != ',') {
		if (r->s[r->off] == '"') {
			pol_rd_fatal(r->reg, c->line, c->nf + 1,
			    "quote inside an unquoted field",
			    "引用符で囲まれていない欄の中に引用符があります");
			return EBID_ERR_PARSE;
		}
		r->off++;
	}
	return push_field(c, r->s + start, r->off - start, 0);
}

/* 1: a record in c; 0: end of input; EBID_ERR_PARSE: skipped, retry. */
int
pol_rd_next_record(struct rd *r, struct rec *c)
{
	int rc;

	pol_rd_rec_clear(c);
	if (r->off >= r->len)
		return 0;
	c->line = r->line;
	for (;;) {
		if (r->off < r->len && r->s[r->off] == '"')
			rc = quoted_field(r, c);
		else
			rc = plain_field(r, c);
		if (rc == EBID_ERR_PARSE && c->nf >= FIELDS_MAX)
			pol_rd_fatal(r->reg, c->line, 0, "more than %d columns",
			    "列が %d を超えています",
			    FIELDS_MAX);
		if (rc == EBID_ERR_NOMEM)
			return rc;
		if (rc != EBID_OK)
			break;
		if (r->off < r->len && r->s[r->off] == ',') {
			r->off++;
			continue;
		}
		if (r->off < r->len && r->s[r->off] == '\r')
			r->off++;
		if (r->off < r->len)
			r->off++;	/* '\n' */
		r->line++;
		return 1;
	}
	skip_line(r);
	if (r->off < r->len)
		r->off++;
	r->line++;
	return rc;
}

int
pol_rd_rec_blank(const struct rec *c)
{
	size_t i;

	for (i = 0; i < c->nf; i++)
		if (c->flen[i] != 0)
			return 0;
	return 1;
}

