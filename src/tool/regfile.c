/*
 * regfile.c - the registry file under edit: read and locked, CP932 made
 * UTF-8, one record's 登録カード field rewritten in place (RFC 4180), and
 * the new text parsed before it replaces the old (store.c).
 */
#include "config.h"

#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include <uninorm.h>

#include "common/err.h"
#include "policy/registry.h"
#include "tool/regfile.h"
#include "tool/store.h"

/* Keeps each helper's buffers in its own stack frame (< 2 KiB). */
#define NOINLINE	__attribute__((noinline))

#define CSV_FIELDS	40
#define CARDS_COLUMN	"登録カード"

/* --- reading and parsing ------------------------------------------- */

/* CP932 text as UTF-8 (the registry's own reader checked it). */
static int
cp932_to_utf8(const char *in, size_t len, char **out, size_t *olen)
{
	char *src = (char *)(uintptr_t)in, *dst, *op;
	size_t il = len, ol = 3 * len + 1;
	iconv_t cd;
	int ok = -1;

	if ((dst = malloc(ol)) == NULL)
		return -1;
	if ((cd = iconv_open("UTF-8", "CP932")) == (iconv_t)-1) {
		free(dst);
		return -1;
	}
	op = dst;
	if (iconv(cd, &src, &il, &op, &ol) != (size_t)-1) {
		*olen = (size_t)(op - dst);
		dst[*olen] = '\0';
		*out = dst;
		dst = NULL;
		ok = 0;
	}
	iconv_close(cd);
	free(dst);
	return ok;
}

/* The UTF-8 text to install for a parsed file (CP932 converted). */
int
tool_regfile_to_utf8(struct tool *t, const struct pol_registry *reg,
    char **text, size_t *len)
{
	char *u = NULL;
	size_t ulen = 0;

	if (reg->encoding != POL_ENC_CP932)
		return TOOL_EXIT_OK;
	if (cp932_to_utf8(*text, *len, &u, &ulen) != 0) {
		tool_error(t, "%s", _("cannot convert the registry from "
		    "Shift_JIS (CP932) to UTF-8"));
		return TOOL_EXIT_INTERNAL;
	}
	free(*text);
	*text = u;
	*len = ulen;
	return TOOL_EXIT_OK;
}

int
tool_regfile_parse(struct tool *t, const char *text, size_t len,
    struct pol_registry **reg)
{
	if (pol_registry_parse((const uint8_t *)text, len, reg) != EBID_OK) {
		tool_error(t, "%s", _("out of memory"));
		return TOOL_EXIT_INTERNAL;
	}
	return TOOL_EXIT_OK;
}

int
tool_regfile_path(struct tool *t, char *path, size_t n)
{
	int rc;

	if ((rc = tool_conf(t)) != TOOL_EXIT_OK)
		return rc;
	if (t->conf->policy.registry[0] == '\0') {
		tool_error(t, _("%s: no bidders' registry is configured "
		    "([policy] registry)"), t->conf->path);
		return TOOL_EXIT_CONFIG;
	}
	if (conf_path(t->conf, t->conf->policy.registry, path, n) != EBID_OK) {
		tool_error(t, _("%s: [policy] registry: path too long"),
		    t->conf->path);
		return TOOL_EXIT_CONFIG;
	}
	return TOOL_EXIT_OK;
}

void
tool_regfile_close(struct regctx *x)
{
	store_unlock(&x->lock);
	pol_registry_free(&x->reg);
	free(x->text);
	x->text = NULL;
}

/* Reads (and, with lock, locks) the configured registry; must be clean. */
int
tool_regfile_open(struct tool *t, struct regctx *x, int lock)
{
	int rc;

	memset(x, 0, sizeof(*x));
	x->lock.fd = -1;
	if ((rc = tool_regfile_path(t, x->path, sizeof(x->path))) !=
	    TOOL_EXIT_OK ||
	    (lock && (rc = store_lock(t, x->path, &x->lock)) !=
	    TOOL_EXIT_OK) ||
	    (rc = store_read(t, x->path, 0, &x->text, &x->len)) !=
	    TOOL_EXIT_OK ||
	    (rc = tool_regfile_parse(t, x->text, x->len, &x->reg)) !=
	    TOOL_EXIT_OK)
		return rc;
	if (x->reg->nerrs > 0) {
		tool_error(t, _("%s: the registry has %zu error(s); fix it "
		    "(ebid-tool registry import shows them all); nothing was "
		    "changed"), x->path, x->reg->nerrs);
		tool_error(t, _("%s:%zu:%zu: %s"), x->path,
		    x->reg->errs[0].line, x->reg->errs[0].column,
		    tool_lang(t, x->reg->errs[0].msg, x->reg->errs[0].ja));
		return TOOL_EXIT_CONFIG;
	}
	return tool_regfile_to_utf8(t, x->reg, &x->text, &x->len);
}

const struct pol_bidder *
tool_regfile_bidder(const struct pol_registry *reg, const char *vendor,
    enum pol_category cat)
{
	size_t i;

	for (i = 0; i < reg->nrows; i++)
		if (reg->rows[i].category == cat &&
		    pol_vendor_same(reg->rows[i].vendor, vendor))
			return &reg->rows[i];
	return NULL;
}

int
tool_regfile_has_card(const struct pol_bidder *b, const uint8_t *fp)
{
	size_t i;

	for (i = 0; i < b->ncards; i++)
		if (memcmp(b->cards[i], fp, STORE_FP_LEN) == 0)
			return 1;
	return 0;
}

/* --- CSV records (RFC 4180), to edit one field in place -------------- */

struct csv_rec {
	size_t	line;		/* physical line the record starts on */
	size_t	start, end;	/* of the record, without its newline */
	size_t	next;		/* where the next record starts */
	size_t	nf;
	size_t	fs[CSV_FIELDS], fe[CSV_FIELDS];
};

static size_t
csv_field(const char *s, size_t len, size_t i, size_t *line)
{
	if (i < len && s[i] == '"') {
		for (i++; i < len; i++) {
			if (s[i] == '\n')
				(*line)++;
			if (s[i] == '"' && i + 1 < len && s[i + 1] == '"')
				i++;
			else if (s[i] == '"')
				return i + 1 < len ? i + 1 : len;
		}
		return len;
	}
	while (i < len && s[i] != ',' && s[i] != '\n' && s[i] != '\r')
		i++;
	return i;
}

/* The record at *pos; 0 at the end of the text. */
static int
csv_next(const char *s, size_t len, size_t *pos, size_t *line,
    struct csv_rec *r)
{
	size_t i = *pos;

	if (i >= len)
		return 0;
	r->line = *line;
	r->start = i;
	r->nf = 0;
	for (;;) {
		size_t e = csv_field(s, len, i, line);

		if (r->nf < CSV_FIELDS) {
			r->fs[r->nf] = i;
			r->fe[r->nf++] = e;
		}
		for (i = e; i < len && s[i] != ',' && s[i] != '\n'; i++)
			;	/* text after a closing quote, '\r' */
		if (i >= len || s[i] == '\n')
			break;
		i++;
	}
	r->end = i > r->start && s[i - 1] == '\r' ? i - 1 : i;
	if (i < len && s[i] == '\n') {
		i++;
		(*line)++;
	}
	r->next = *pos = i;
	return 1;
}

static int
csv_blank(const char *s, const struct csv_rec *r)
{
	size_t i, j;

	for (i = 0; i < r->nf; i++)
		for (j = r->fs[i]; j < r->fe[i]; j++)
			if (s[j] != ' ' && s[j] != '\t' && s[j] != '"')
				return 0;
	return 1;
}

/* Is this header field the registered cards' column? */
static int
is_cards_column(const char *f, size_t n)
{
	static const char *names[] = { "登録カード", "cards",
	    "card fingerprints" };
	uint8_t *nf;
	size_t i, nlen = 0;
	int yes = 0;

	while (n > 0 && (*f == ' ' || *f == '"'))
		f++, n--;
	while (n > 0 && (f[n - 1] == ' ' || f[n - 1] == '"'))
		n--;
	if ((nf = u8_normalize(UNINORM_NFKC, (const uint8_t *)f, n, NULL,
	    &nlen)) == NULL)
		return 0;
	for (i = 0; i < nlen; i++)
		if (nf[i] >= 'A' && nf[i] <= 'Z')
			nf[i] = (uint8_t)(nf[i] - 'A' + 'a');
	for (i = 0; i < sizeof(names) / sizeof(names[0]) && !yes; i++)
		yes = strlen(names[i]) == nlen && memcmp(nf, names[i], nlen)
		    == 0;
	free(nf);
	return yes;
}

struct sbuf {
	char	*p;
	size_t	 len, cap;
	int	 bad;
};

static void
sb_add(struct sbuf *b, const char *s, size_t n)
{
	char *np;

	if (b->bad)
		return;
	if (b->cap - b->len <= n) {
		b->cap = b->cap * 2 + n + 64;
		if ((np = realloc(b->p, b->cap)) == NULL) {
			b->bad = 1;
			return;
		}
		b->p = np;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* The header's cards column (0-based), or -1; *hline its line. */
static NOINLINE long
cards_col(const char *s, size_t len, size_t *hline)
{
	struct csv_rec r;
	size_t pos = 0, line = 1, i;

	if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		pos = 3;
	while (csv_next(s, len, &pos, &line, &r)) {
		if (csv_blank(s, &r))
			continue;
		*hline = r.line;
		for (i = 0; i < r.nf; i++)
			if (is_cards_column(s + r.fs[i], r.fe[i] - r.fs[i]))
				return (long)i;
		return -1;
	}
	return -1;
}

/*
 * The text with the cards field of the record on line set to val (the
 * column is added to every record when the header has none).
 */
static NOINLINE int
edit_cards(const char *s, size_t len, size_t target, const char *val,
    struct sbuf *out)
{
	struct csv_rec r;
	size_t pos = 0, line = 1, hline = 0, done = 0, found = 0;
	long col = cards_col(s, len, &hline);

	if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		pos = 3;
	sb_add(out, s, pos);
	while (csv_next(s, len, &pos, &line, &r)) {
		if (r.line == target && col >= 0 && (size_t)col < r.nf) {
			sb_add(out, s + r.start, r.fs[col] - r.start);
			sb_add(out, val, strlen(val));
			sb_add(out, s + r.fe[col], r.next - r.fe[col]);
			found = 1;
			continue;
		}
		sb_add(out, s + r.start, r.end - r.start);
		if (col < 0 && !csv_blank(s, &r)) {
			sb_add(out, ",", 1);
			if (r.line == hline)
				sb_add(out, CARDS_COLUMN, strlen(CARDS_COLUMN));
			else if (r.line == target)
				sb_add(out, val, strlen(val)), found = 1;
		}
		sb_add(out, s + r.end, r.next - r.end);
		done = r.next;
	}
	(void)done;
	return out->bad ? TOOL_EXIT_INTERNAL : found ? TOOL_EXIT_OK :
	    TOOL_EXIT_CONFIG;
}

int
tool_regfile_check(struct tool *t, const char *path, const char *data,
    size_t len, void *arg)
{
	const struct expect *ex = arg;
	const struct pol_bidder *b;
	struct pol_registry *reg = NULL;
	int bad = 1;

	if (pol_registry_parse((const uint8_t *)data, len, &reg) != EBID_OK)
		return 1;
	if (reg->nerrs > 0) {
		tool_error(t, _("%s:%zu:%zu: %s"), path, reg->errs[0].line,
		    reg->errs[0].column, tool_lang(t, reg->errs[0].msg,
		    reg->errs[0].ja));
	} else if (ex == NULL) {
		bad = 0;
	} else if ((b = tool_regfile_bidder(reg, ex->vendor, ex->cat)) !=
	    NULL) {
		bad = (ex->add != NULL && !tool_regfile_has_card(b, ex->add)) ||
		    (ex->del != NULL && tool_regfile_has_card(b, ex->del));
	}
	pol_registry_free(&reg);
	return bad;
}

/* Writes the bidder's new card list (old minus del, plus add). */
int
tool_regfile_write_cards(struct tool *t, struct regctx *x,
    const struct pol_bidder *b, const struct expect *ex)
{
	char val[CARDS_MAX * (STORE_FP_HEX + 1) + 1], hex[STORE_FP_HEX];
	struct sbuf out = { NULL, 0, 0, 0 };
	size_t i;
	int rc;

	val[0] = '\0';
	for (i = 0; i < b->ncards; i++) {
		if (ex->del != NULL && memcmp(b->cards[i], ex->del,
		    STORE_FP_LEN) == 0)
			continue;
		store_fp_hex(b->cards[i], hex, sizeof(hex));
		snprintf(val + strlen(val), sizeof(val) - strlen(val), "%s%s",
		    val[0] != '\0' ? ";" : "", hex);
	}
	if (ex->add != NULL) {
		if (b->ncards >= CARDS_MAX) {
			tool_error(t, _("vendor %s already has %d cards "
			    "registered"), b->vendor, CARDS_MAX);
			return TOOL_EXIT_FAIL;
		}
		store_fp_hex(ex->add, hex, sizeof(hex));
		snprintf(val + strlen(val), sizeof(val) - strlen(val), "%s%s",
		    val[0] != '\0' ? ";" : "", hex);
	}
	if ((rc = edit_cards(x->text, x->len, b->line, val, &out)) ==
	    TOOL_EXIT_OK)
		rc = store_replace(t, x->path, out.p, out.len,
		    tool_regfile_check, (void *)(uintptr_t)ex);
	else
		tool_error(t, _("%s: line %zu: cannot edit the record"),
		    x->path, b->line);
	free(out.p);
	return rc;
}

