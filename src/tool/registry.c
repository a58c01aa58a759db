/*
 * registry.c - ebid-tool registry: the bidders' CSV (FAQ Q2-9..Q2-17).
 *
 *   registry import FILE [--apply]
 *   registry list
 *   registry show VENDOR [--category C]
 *   registry register VENDOR --category C (-r READER | --cert FILE)
 *   registry update VENDOR --category C --old-reader R1 --new-reader R2
 *	(or --old-cert FILE --new-cert FILE)
 *   registry unregister VENDOR --category C (-r READER | --cert FILE |
 *	--fingerprint FP)
 *
 * Cards are checked with the module's own decision (pol_decide over the
 * configured trust), with the candidate bidder's row standing in for the
 * registry.  The file is edited in place (only the 登録カード field of
 * one record changes; the column is added when missing), under the
 * registry's lock, and replaced atomically (store.c) after the new text
 * parses without error.
 */
#include "config.h"

#include <getopt.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include <unistr.h>
#include <uninorm.h>

#include "common/err.h"
#include "policy/registry.h"
#include "tool/store.h"

/* Keeps each helper's buffers in its own stack frame (< 2 KiB). */
#define NOINLINE	__attribute__((noinline))

#define CSV_FIELDS	40
#define CARDS_MAX	16
#define CARDS_COLUMN	"登録カード"

struct ropts {
	const char	*category;
	const char	*reader;
	const char	*cert;
	const char	*fp;
	const char	*old_reader;
	const char	*new_reader;
	const char	*old_cert;
	const char	*new_cert;
	int		 apply;
	int		 nargs;
	char		*args[2];
};

/* The registry of one command: its text (UTF-8), parsed, and locked. */
struct regctx {
	char			 path[CONF_PATH_MAX];
	char			*text;
	size_t			 len;
	struct pol_registry	*reg;
	struct store_lock	 lock;
};

/* A card given on the command line or read from a reader. */
struct cand {
	X509	*cert;
	X509	*ca;
	uint8_t	 fp[STORE_FP_LEN];
	char	 hex[STORE_FP_HEX];
};

/* --- output helpers ------------------------------------------------- */

static const char *
cat_label(enum pol_category c)
{
	switch (c) {
	case POL_CAT_CONSTRUCTION:
		return _("construction (建設工事)");
	case POL_CAT_CONSULTING:
		return _("consulting (コンサル)");
	case POL_CAT_GOODS:
		return _("goods (物品)");
	}
	return "?";
}

static const struct {
	enum pol_category	 cat;
	const char		*names[4];
} cat_names[] = {
	{ POL_CAT_CONSTRUCTION, { "construction", "建設工事", "工事", NULL } },
	{ POL_CAT_CONSULTING, { "consulting", "コンサル", "建設コンサルタント",
	    NULL } },
	{ POL_CAT_GOODS, { "goods", "物品", "物品・役務", NULL } },
};

static int
cat_parse(struct tool *t, const char *s, enum pol_category *out)
{
	size_t i, j;

	for (i = 0; s != NULL && i < sizeof(cat_names) / sizeof(cat_names[0]);
	    i++)
		for (j = 0; cat_names[i].names[j] != NULL; j++)
			if (strcmp(s, cat_names[i].names[j]) == 0) {
				*out = cat_names[i].cat;
				return TOOL_EXIT_OK;
			}
	if (s == NULL)
		tool_error(t, "%s", _("--category is required (construction, "
		    "consulting or goods)"));
	else
		tool_error(t, _("bad category '%s' (construction, consulting "
		    "or goods, or 建設工事, コンサル, 物品)"), s);
	return TOOL_EXIT_USAGE;
}

static void
out_bidder_head(struct tool *t, const struct pol_bidder *b)
{
	out_str(t, "vendor", _("vendor number"), b->vendor);
	out_str(t, "category", _("category"), t->json ?
	    pol_category_name(b->category) : cat_label(b->category));
	out_str(t, "company", _("company"), b->company);
	out_str(t, "representative", _("representative"), b->representative);
	out_int(t, "line", _("line"), (long long)b->line);
}

static void
out_cards(struct tool *t, const struct pol_bidder *b)
{
	char hex[STORE_FP_HEX];
	size_t i;

	out_list_begin(t, "cards", _("registered cards (SHA-256)"));
	for (i = 0; i < b->ncards; i++) {
		store_fp_hex(b->cards[i], hex, sizeof(hex));
		out_str(t, NULL, NULL, hex);
	}
	out_list_end(t);
}

static void
out_bidder_full(struct tool *t, const struct pol_bidder *b)
{
	size_t i;

	out_bidder_head(t, b);
	out_list_begin(t, "delegates", _("delegates"));
	for (i = 0; i < b->ndelegates; i++)
		out_str(t, NULL, NULL, b->delegates[i]);
	out_list_end(t);
	out_str(t, "contact", _("contact"), b->contact_name);
	out_str(t, "contact_email", _("contact e-mail"), b->contact_mail);
	out_str(t, "department", _("department"), b->dept_name);
	out_str(t, "department_email", _("department e-mail"), b->dept_mail);
	out_cards(t, b);
}

static void
out_msgs(struct tool *t, const char *key, const char *label,
    const struct pol_reg_error *v, size_t n)
{
	const struct pol_reg_error *e;
	size_t i;

	out_list_begin(t, key, label);
	for (i = 0; i < n; i++) {
		e = &v[i];
		out_text(t, _("line %zu, column %zu: %s"), e->line, e->column,
		    tool_lang(t, e->msg, e->ja));
		if (!t->json)
			continue;
		out_obj_begin(t, NULL, NULL);
		out_int(t, "line", NULL, (long long)e->line);
		out_int(t, "column", NULL, (long long)e->column);
		out_str(t, "message", NULL, tool_lang(t, e->msg, e->ja));
		out_str(t, "message_en", NULL, e->msg);
		out_obj_end(t);
	}
	out_list_end(t);
}

/* --- options ------------------------------------------------------- */

enum { O_CAT = 'C', O_CERT = 'f', O_FP = 'p', O_APPLY = 'a',
    O_OLDR = 'o', O_NEWR = 'n', O_OLDC = 'O', O_NEWC = 'N', O_JSON = 'j' };

static const struct option ropt_long[] = {
	{ "category", required_argument, NULL, O_CAT },
	{ "reader", required_argument, NULL, 'r' },
	{ "cert", required_argument, NULL, O_CERT },
	{ "fingerprint", required_argument, NULL, O_FP },
	{ "apply", no_argument, NULL, O_APPLY },
	{ "old-reader", required_argument, NULL, O_OLDR },
	{ "new-reader", required_argument, NULL, O_NEWR },
	{ "old-cert", required_argument, NULL, O_OLDC },
	{ "new-cert", required_argument, NULL, O_NEWC },
	{ "json", no_argument, NULL, O_JSON },
	{ NULL, 0, NULL, 0 },
};

static void
ropt_set(struct tool *t, struct ropts *o, int c)
{
	switch (c) {
	case O_CAT: o->category = optarg; break;
	case 'r': o->reader = optarg; break;
	case O_CERT: o->cert = optarg; break;
	case O_FP: o->fp = optarg; break;
	case O_APPLY: o->apply = 1; break;
	case O_OLDR: o->old_reader = optarg; break;
	case O_NEWR: o->new_reader = optarg; break;
	case O_OLDC: o->old_cert = optarg; break;
	case O_NEWC: o->new_cert = optarg; break;
	case O_JSON: t->json = 1; break;
	}
}

/* argv[0] is the subcommand; nargs positional arguments expected. */
static int
ropt_parse(struct tool *t, int argc, char **argv, int nargs,
    struct ropts *o)
{
	int c;

	memset(o, 0, sizeof(*o));
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "r:", ropt_long, NULL)) != -1) {
		if (c == '?' || c == ':') {
			tool_error(t, _("registry %s: bad option '%s'"), argv[0],
			    argv[optind - 1]);
			return TOOL_EXIT_USAGE;
		}
		ropt_set(t, o, c);
	}
	for (; optind < argc; optind++) {
		if (o->nargs == nargs) {
			tool_error(t, _("registry %s: unexpected argument "
			    "'%s'"), argv[0], argv[optind]);
			return TOOL_EXIT_USAGE;
		}
		o->args[o->nargs++] = argv[optind];
	}
	if (o->nargs < nargs) {
		tool_error(t, _("registry %s: missing argument"), argv[0]);
		return TOOL_EXIT_USAGE;
	}
	return TOOL_EXIT_OK;
}

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
static int
to_utf8(struct tool *t, const struct pol_registry *reg, char **text,
    size_t *len)
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

static int
parse(struct tool *t, const char *text, size_t len,
    struct pol_registry **reg)
{
	if (pol_registry_parse((const uint8_t *)text, len, reg) != EBID_OK) {
		tool_error(t, "%s", _("out of memory"));
		return TOOL_EXIT_INTERNAL;
	}
	return TOOL_EXIT_OK;
}

static int
reg_path(struct tool *t, char *path, size_t n)
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

static void
ctx_free(struct regctx *x)
{
	store_unlock(&x->lock);
	pol_registry_free(&x->reg);
	free(x->text);
	x->text = NULL;
}

/* Reads (and, with lock, locks) the configured registry; must be clean. */
static int
ctx_open(struct tool *t, struct regctx *x, int lock)
{
	int rc;

	memset(x, 0, sizeof(*x));
	x->lock.fd = -1;
	if ((rc = reg_path(t, x->path, sizeof(x->path))) != TOOL_EXIT_OK ||
	    (lock && (rc = store_lock(t, x->path, &x->lock)) !=
	    TOOL_EXIT_OK) ||
	    (rc = store_read(t, x->path, 0, &x->text, &x->len)) !=
	    TOOL_EXIT_OK || (rc = parse(t, x->text, x->len, &x->reg)) !=
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
	return to_utf8(t, x->reg, &x->text, &x->len);
}

static const struct pol_bidder *
find_bidder(const struct pol_registry *reg, const char *vendor,
    enum pol_category cat)
{
	size_t i;

	for (i = 0; i < reg->nrows; i++)
		if (reg->rows[i].category == cat &&
		    pol_vendor_same(reg->rows[i].vendor, vendor))
			return &reg->rows[i];
	return NULL;
}

static int
has_card(const struct pol_bidder *b, const uint8_t *fp)
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

/* --- checks before rename ------------------------------------------ */

struct expect {
	const char		*vendor;
	enum pol_category	 cat;
	const uint8_t		*add;	/* must be registered, or NULL */
	const uint8_t		*del;	/* must not be, or NULL */
};

static int
check_registry(struct tool *t, const char *path, const char *data,
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
	} else if ((b = find_bidder(reg, ex->vendor, ex->cat)) != NULL) {
		bad = (ex->add != NULL && !has_card(b, ex->add)) ||
		    (ex->del != NULL && has_card(b, ex->del));
	}
	pol_registry_free(&reg);
	return bad;
}

/* Writes the bidder's new card list (old minus del, plus add). */
static int
write_cards(struct tool *t, struct regctx *x, const struct pol_bidder *b,
    const struct expect *ex)
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
		rc = store_replace(t, x->path, out.p, out.len, check_registry,
		    (void *)(uintptr_t)ex);
	else
		tool_error(t, _("%s: line %zu: cannot edit the record"),
		    x->path, b->line);
	free(out.p);
	return rc;
}

/* --- import, list, show -------------------------------------------- */

static size_t
count_q214(const struct pol_registry *reg)
{
	size_t i, n = 0;

	for (i = 0; i < reg->nerrs; i++)
		n += strstr(reg->errs[i].msg, "Q2-14") != NULL;
	return n;
}

static void
import_report(struct tool *t, const char *file,
    const struct pol_registry *reg)
{
	size_t i;

	out_str(t, "file", _("file"), file);
	out_str(t, "encoding", _("encoding"), reg->encoding == POL_ENC_CP932 ?
	    "Shift_JIS (CP932)" : reg->encoding == POL_ENC_UTF8_BOM ?
	    "UTF-8 (BOM)" : "UTF-8");
	out_int(t, "accepted", _("rows accepted"), (long long)reg->nrows);
	out_int(t, "refused", _("errors"), (long long)reg->nerrs);
	out_int(t, "left_out", _("rows left out"), (long long)reg->nleft);
	out_int(t, "warnings", _("warnings"), (long long)reg->nwarns);
	if (reg->unreadable)
		out_text(t, _("the file cannot be read as a registry "
		    "(line %zu, column %zu: %s): no row is used, and the module "
		    "refuses every card while it is installed"),
		    reg->why.line, reg->why.column,
		    tool_lang(t, reg->why.msg, reg->why.ja));
	out_int(t, "q2_14_conflicts", _("FAQ Q2-14 conflicts"),
	    (long long)count_q214(reg));
	out_list_begin(t, "rows", _("accepted"));
	for (i = 0; i < reg->nrows; i++) {
		out_obj_begin(t, NULL, NULL);
		out_text(t, _("line %zu: %s (%s) %s, %zu card(s)"),
		    reg->rows[i].line, reg->rows[i].vendor,
		    cat_label(reg->rows[i].category), reg->rows[i].company,
		    reg->rows[i].ncards);
		if (t->json)
			out_bidder_head(t, &reg->rows[i]);
		out_obj_end(t);
	}
	out_list_end(t);
	out_msgs(t, "warnings_list", _("ignored (warnings)"), reg->warns,
	    reg->nwarns);
	out_msgs(t, "errors", _("refused"), reg->errs, reg->nerrs);
}

static int
import_apply(struct tool *t, char **text, size_t *len,
    const struct pol_registry *reg, int *installed)
{
	struct store_lock lk;
	char path[CONF_PATH_MAX], *old = NULL;
	size_t olen = 0;
	int rc;

	if ((rc = reg_path(t, path, sizeof(path))) != TOOL_EXIT_OK ||
	    (rc = to_utf8(t, reg, text, len)) != TOOL_EXIT_OK ||
	    (rc = store_lock(t, path, &lk)) != TOOL_EXIT_OK)
		return rc;
	if ((rc = store_read(t, path, 1, &old, &olen)) == TOOL_EXIT_OK &&
	    old != NULL && check_registry(t, path, old, olen, NULL) != 0)
		tool_warn(t, _("%s: the registry being replaced had errors; "
		    "it is kept as %s~"), path, path);
	if (rc == TOOL_EXIT_OK)
		rc = store_replace(t, path, *text, *len, check_registry,
		    NULL);
	store_unlock(&lk);
	free(old);
	if (rc == TOOL_EXIT_OK) {
		*installed = 1;
		out_str(t, "installed", _("installed as"), path);
	}
	return rc;
}

static int
cmd_import(struct tool *t, int argc, char **argv)
{
	struct pol_registry *reg = NULL;
	struct ropts o;
	char *text = NULL;
	size_t len = 0;
	int rc, installed = 0;

	if ((rc = ropt_parse(t, argc, argv, 1, &o)) != TOOL_EXIT_OK)
		goto out;
	if ((rc = store_read(t, o.args[0], 0, &text, &len)) != TOOL_EXIT_OK ||
	    (rc = parse(t, text, len, &reg)) != TOOL_EXIT_OK) {
		if (rc == TOOL_EXIT_CONFIG)	/* FILE does not exist */
			rc = TOOL_EXIT_USAGE;
		goto out;
	}
	out_begin(t);
	import_report(t, o.args[0], reg);
	if (reg->nerrs > 0) {
		out_text(t, "%s", o.apply ? _("not installed: the file has "
		    "errors") : _("dry run: the file has errors"));
		rc = TOOL_EXIT_FAIL;	/* the check failed (ebid-tool(1)) */
	} else if (o.apply) {
		rc = import_apply(t, &text, &len, reg, &installed);
	} else {
		out_text(t, "%s", _("dry run: nothing installed (use --apply)"));
	}
	out_bool(t, "applied", _("installed"), installed);
	out_end(t);
out:
	pol_registry_free(&reg);
	free(text);
	return rc;
}

static int
cmd_list(struct tool *t, int argc, char **argv)
{
	struct regctx x;
	struct ropts o;
	size_t i;
	int rc;

	if ((rc = ropt_parse(t, argc, argv, 0, &o)) != TOOL_EXIT_OK)
		return rc;
	if ((rc = ctx_open(t, &x, 0)) == TOOL_EXIT_OK) {
		out_begin(t);
		out_str(t, "file", _("file"), x.path);
		out_list_begin(t, "bidders", _("bidders"));
		for (i = 0; i < x.reg->nrows; i++) {
			out_obj_begin(t, NULL, x.reg->rows[i].vendor);
			out_bidder_head(t, &x.reg->rows[i]);
			out_int(t, "ncards", _("registered cards"),
			    (long long)x.reg->rows[i].ncards);
			out_obj_end(t);
		}
		out_list_end(t);
		out_end(t);
	}
	ctx_free(&x);
	return rc;
}

static int
cmd_show(struct tool *t, int argc, char **argv)
{
	enum pol_category cat = 0;
	struct regctx x;
	struct ropts o;
	size_t i, n = 0;
	char *v;
	int rc;

	if ((rc = ropt_parse(t, argc, argv, 1, &o)) != TOOL_EXIT_OK ||
	    (o.category != NULL && (rc = cat_parse(t, o.category, &cat)) !=
	    TOOL_EXIT_OK))
		return rc;
	if ((v = pol_vendor_form(o.args[0])) == NULL) {
		tool_error(t, "%s", _("out of memory"));
		return TOOL_EXIT_INTERNAL;
	}
	if ((rc = ctx_open(t, &x, 0)) == TOOL_EXIT_OK) {
		out_begin(t);
		out_list_begin(t, "bidders", NULL);
		for (i = 0; i < x.reg->nrows; i++) {
			if (!pol_vendor_same(x.reg->rows[i].vendor, v) ||
			    (cat != 0 && x.reg->rows[i].category != cat))
				continue;
			out_obj_begin(t, NULL, n++ > 0 ? "" : NULL);
			out_bidder_full(t, &x.reg->rows[i]);
			out_obj_end(t);
		}
		out_list_end(t);
		out_end(t);
		if (n == 0) {
			tool_error(t, _("no bidder with vendor number %s in "
			    "the registry"), o.args[0]);
			rc = TOOL_EXIT_FAIL;
		}
	}
	ctx_free(&x);
	free(v);
	return rc;
}

/* --- register, update, unregister ---------------------------------- */

static void
cand_reset(struct cand *c)
{
	X509_free(c->cert);
	X509_free(c->ca);
	memset(c, 0, sizeof(*c));
}

static NOINLINE int
cand_card(struct tool *t, const char *reader, struct cand *c)
{
	struct tool_card card;
	int rc;

	memset(&card, 0, sizeof(card));
	if ((rc = tool_card_read(t, reader, &card)) == TOOL_EXIT_OK &&
	    card.jpki) {
		tool_error(t, _("%s: this is a My Number card (JPKI): it can "
		    "never be registered (FAQ Q2-6)"), card.reader);
		rc = TOOL_EXIT_FAIL;
	} else if (rc == TOOL_EXIT_OK && card.cert == NULL) {
		tool_error(t, _("%s: no certificate could be read from the "
		    "card"), card.reader);
		rc = TOOL_EXIT_CARD;
	}
	if (rc == TOOL_EXIT_OK) {	/* taken from the read */
		c->cert = card.ic.cert;
		c->ca = card.ic.ca;
		card.ic.cert = card.ic.ca = NULL;
	}
	tool_card_reset(&card);
	return rc;
}

/* The card: from a certificate file, or from the card in a reader. */
static int
cand_get(struct tool *t, const char *reader, const char *file,
    struct cand *c)
{
	int rc;

	memset(c, 0, sizeof(*c));
	rc = file != NULL ? store_x509_read(t, file, &c->cert) :
	    cand_card(t, reader, c);
	if (rc == TOOL_EXIT_OK && store_x509_fp(c->cert, c->fp) != 0) {
		tool_error(t, "%s", _("cannot compute the card's "
		    "fingerprint"));
		rc = TOOL_EXIT_INTERNAL;
	}
	if (rc != TOOL_EXIT_OK)
		cand_reset(c);
	else
		store_fp_hex(c->fp, c->hex, sizeof(c->hex));
	return rc;
}

/* The module's decision, with b (holding only this card) as registry. */
static NOINLINE int
card_decide(struct tool *t, const struct pol_bidder *b, struct cand *c,
    struct pol_decision *d)
{
	struct pol_registry one;
	struct pol_bidder row = *b;
	struct insp_card ic;

	row.cards = &c->fp;
	row.ncards = 1;
	memset(&one, 0, sizeof(one));
	one.encoding = POL_ENC_UTF8;
	one.nrows = 1;
	one.rows = &row;
	memset(&ic, 0, sizeof(ic));	/* the card's facts, as read */
	ic.cert = c->cert;
	ic.ca = c->ca;
	if (insp_card_decide_for(&ic, t->trust, tool_now(t), &one, d) !=
	    EBID_OK) {
		tool_error(t, "%s", _("out of memory"));
		return TOOL_EXIT_INTERNAL;
	}
	return TOOL_EXIT_OK;
}

static void
out_reasons(struct tool *t, const struct pol_reasons *r)
{
	size_t i;

	out_list_begin(t, "reasons", _("reasons"));
	for (i = 0; r != NULL && i < r->n; i++) {
		if (!t->json) {
			out_str(t, NULL, NULL, tool_lang(t, r->r[i].en,
			    r->r[i].ja));
			continue;
		}
		out_obj_begin(t, NULL, NULL);
		out_str(t, "kind", NULL, pol_kind_name(r->r[i].kind));
		out_str(t, "text", NULL, tool_lang(t, r->r[i].en,
		    r->r[i].ja));
		out_obj_end(t);
	}
	out_list_end(t);
}

static void
out_card(struct tool *t, const char *key, const char *label,
    const struct cand *c)
{
	char subj[512];

	store_name(X509_get_subject_name(c->cert), subj, sizeof(subj));
	out_obj_begin(t, key, label);
	out_str(t, "subject", _("holder"), subj);
	out_str(t, "fingerprint", _("SHA-256"), c->hex);
	out_obj_end(t);
}

/* Every register check; TOOL_EXIT_FAIL with the reasons printed. */
static NOINLINE int
check_card(struct tool *t, const struct regctx *x, const struct pol_bidder *b,
    struct cand *c)
{
	const struct pol_bidder *other = NULL;
	struct pol_decision d;
	struct pol_bidder row = *b;
	int rc;

	if ((rc = card_decide(t, b, c, &d)) != TOOL_EXIT_OK)
		return rc;
	out_bool(t, "accepted", _("card accepted"), d.accepted);
	out_reasons(t, d.reasons);
	if (!d.accepted) {
		tool_error(t, _("the card cannot be registered to vendor %s "
		    "(%s): %s"), b->vendor, cat_label(b->category),
		    tool_lang(t, d.reasons->r[0].en, d.reasons->r[0].ja));
		rc = TOOL_EXIT_FAIL;
	}
	pol_decision_reset(&d);
	row.cards = &c->fp;
	row.ncards = 1;
	if (rc == TOOL_EXIT_OK &&
	    pol_registry_card_conflict(x->reg, &row, &other)) {
		tool_error(t, _("this card is already registered to vendor "
		    "%s (%s, line %zu): construction and consulting need "
		    "separate cards (FAQ Q2-14)"), other->vendor,
		    cat_label(other->category), other->line);
		out_str(t, "conflict", _("FAQ Q2-14 conflict with vendor"),
		    other->vendor);
		rc = TOOL_EXIT_FAIL;
	}
	return rc;
}

/* Parses VENDOR --category, loads trust if needed, opens the registry. */
static int
begin_edit(struct tool *t, const struct ropts *o, int trust,
    struct regctx *x, const struct pol_bidder **b)
{
	enum pol_category cat;
	char *v;
	int rc;

	memset(x, 0, sizeof(*x));
	x->lock.fd = -1;
	if ((rc = cat_parse(t, o->category, &cat)) != TOOL_EXIT_OK ||
	    (trust && (rc = tool_trust(t)) != TOOL_EXIT_OK) ||
	    (rc = ctx_open(t, x, 1)) != TOOL_EXIT_OK)
		return rc;
	if ((v = pol_vendor_form(o->args[0])) == NULL) {
		tool_error(t, "%s", _("out of memory"));
		return TOOL_EXIT_INTERNAL;
	}
	*b = find_bidder(x->reg, v, cat);
	free(v);
	if (*b == NULL) {
		tool_error(t, _("no bidder with vendor number %s in category "
		    "%s in %s"), o->args[0], cat_label(cat), x->path);
		return TOOL_EXIT_FAIL;
	}
	return TOOL_EXIT_OK;
}

static void
out_target(struct tool *t, const struct pol_bidder *b)
{
	out_str(t, "vendor", _("vendor number"), b->vendor);
	out_str(t, "category", _("category"), t->json ?
	    pol_category_name(b->category) : cat_label(b->category));
}

/*
 * The end of every edit: write the cards ex asks for (none when ex is
 * NULL or rc already failed), say done_msg once written, and release x.
 */
static int
end_edit(struct tool *t, struct regctx *x, const struct pol_bidder *b,
    const struct expect *ex, int rc, const char *done_msg)
{
	int done = 0;

	if (rc == TOOL_EXIT_OK && ex != NULL &&
	    (rc = write_cards(t, x, b, ex)) == TOOL_EXIT_OK) {
		done = 1;
		out_text(t, "%s", done_msg);
	}
	out_bool(t, "changed", _("registry changed"), done);
	out_end(t);
	ctx_free(x);
	return rc;
}

static int
do_register(struct tool *t, const struct ropts *o, struct cand *c)
{
	const struct pol_bidder *b = NULL;
	struct expect ex, *want = NULL;
	struct regctx x;
	int rc;

	out_begin(t);
	if ((rc = begin_edit(t, o, 1, &x, &b)) != TOOL_EXIT_OK)
		goto out;
	out_target(t, b);
	out_card(t, "card", _("card"), c);
	if (has_card(b, c->fp)) {
		out_text(t, "%s", _("already registered: nothing to do"));
		goto out;
	}
	if ((rc = check_card(t, &x, b, c)) != TOOL_EXIT_OK)
		goto out;
	ex = (struct expect){ b->vendor, b->category, c->fp, NULL };
	want = &ex;
out:
	return end_edit(t, &x, b, want, rc, _("registered"));
}

static int
cmd_register(struct tool *t, int argc, char **argv)
{
	struct ropts o;
	struct cand c;
	int rc;

	if ((rc = ropt_parse(t, argc, argv, 1, &o)) != TOOL_EXIT_OK)
		return rc;
	if (o.reader != NULL && o.cert != NULL) {
		tool_error(t, "%s", _("registry register: give -r READER or "
		    "--cert FILE, not both"));
		return TOOL_EXIT_USAGE;
	}
	if ((rc = cand_get(t, o.reader, o.cert, &c)) != TOOL_EXIT_OK)
		return rc;
	rc = do_register(t, &o, &c);
	cand_reset(&c);
	return rc;
}

/* FAQ Q2-11: the old card must be registered here and still valid. */
static int
check_old(struct tool *t, const struct pol_bidder *b, struct cand *old)
{
	struct pol_decision d;
	size_t i;
	int rc;

	if (!has_card(b, old->fp)) {
		tool_error(t, _("the old card is not registered to vendor %s "
		    "(%s): nothing to update (to add a card, use registry "
		    "register)"), b->vendor, cat_label(b->category));
		return TOOL_EXIT_FAIL;
	}
	if ((rc = card_decide(t, b, old, &d)) != TOOL_EXIT_OK)
		return rc;
	for (i = 0; i < d.reasons->n; i++)
		if (d.reasons->r[i].kind == POL_REFUSE_VALIDITY) {
			tool_error(t, _("the old card is no longer valid (%s): "
			    "an expired or revoked card cannot be updated; "
			    "register the new card instead (FAQ Q2-11)"),
			    tool_lang(t, d.reasons->r[i].en,
			    d.reasons->r[i].ja));
			rc = TOOL_EXIT_FAIL;
			break;
		}
	pol_decision_reset(&d);
	return rc;
}

static int
do_update(struct tool *t, const struct ropts *o, struct cand *old,
    struct cand *nw)
{
	const struct pol_bidder *b = NULL;
	struct expect ex, *want = NULL;
	struct regctx x;
	int rc;

	out_begin(t);
	if ((rc = begin_edit(t, o, 1, &x, &b)) != TOOL_EXIT_OK)
		goto out;
	out_target(t, b);
	out_card(t, "old_card", _("old card"), old);
	out_card(t, "new_card", _("new card"), nw);
	if ((rc = check_old(t, b, old)) != TOOL_EXIT_OK)
		goto out;
	if (has_card(b, nw->fp)) {
		tool_error(t, _("the new card is already registered to vendor "
		    "%s; to stop accepting the old one, use registry "
		    "unregister"), b->vendor);
		rc = TOOL_EXIT_FAIL;
		goto out;
	}
	if ((rc = check_card(t, &x, b, nw)) != TOOL_EXIT_OK)
		goto out;
	ex = (struct expect){ b->vendor, b->category, nw->fp, old->fp };
	want = &ex;
out:
	return end_edit(t, &x, b, want, rc,
	    _("updated: the old card is no longer accepted"));
}

static int
update_cards(struct tool *t, const struct ropts *o, struct cand *old,
    struct cand *nw)
{
	int rc;

	if ((o->old_reader == NULL && o->old_cert == NULL) ||
	    (o->new_reader == NULL && o->new_cert == NULL)) {
		tool_error(t, "%s", _("registry update needs both cards: the "
		    "registered one (--old-reader) and the new one "
		    "(--new-reader) (FAQ Q2-11)"));
		return TOOL_EXIT_USAGE;
	}
	if (o->old_reader != NULL && o->new_reader != NULL &&
	    strcmp(o->old_reader, o->new_reader) == 0) {
		tool_error(t, "%s", _("the old and the new card must be in two "
		    "different readers (FAQ Q2-11)"));
		return TOOL_EXIT_USAGE;
	}
	if ((rc = cand_get(t, o->old_reader != NULL ? o->old_reader : "",
	    o->old_cert, old)) != TOOL_EXIT_OK)
		return rc;
	if ((rc = cand_get(t, o->new_reader != NULL ? o->new_reader : "",
	    o->new_cert, nw)) != TOOL_EXIT_OK)
		return rc;
	if (memcmp(old->fp, nw->fp, STORE_FP_LEN) == 0) {
		tool_error(t, "%s", _("the old and the new card are the same "
		    "card"));
		return TOOL_EXIT_FAIL;
	}
	return TOOL_EXIT_OK;
}

static int
cmd_update(struct tool *t, int argc, char **argv)
{
	struct cand old, nw;
	struct ropts o;
	int rc;

	memset(&old, 0, sizeof(old));
	memset(&nw, 0, sizeof(nw));
	if ((rc = ropt_parse(t, argc, argv, 1, &o)) == TOOL_EXIT_OK &&
	    (rc = update_cards(t, &o, &old, &nw)) == TOOL_EXIT_OK)
		rc = do_update(t, &o, &old, &nw);
	cand_reset(&old);
	cand_reset(&nw);
	return rc;
}

static int
do_unregister(struct tool *t, const struct ropts *o, const uint8_t *fp)
{
	const struct pol_bidder *b = NULL;
	char hex[STORE_FP_HEX];
	struct expect ex, *want = NULL;
	struct regctx x;
	int rc;

	out_begin(t);
	store_fp_hex(fp, hex, sizeof(hex));
	if ((rc = begin_edit(t, o, 0, &x, &b)) != TOOL_EXIT_OK)
		goto out;
	out_target(t, b);
	out_str(t, "fingerprint", _("SHA-256"), hex);
	if (!has_card(b, fp)) {
		tool_error(t, _("card %s is not registered to vendor %s (%s)"),
		    hex, b->vendor, cat_label(b->category));
		rc = TOOL_EXIT_FAIL;
		goto out;
	}
	ex = (struct expect){ b->vendor, b->category, NULL, fp };
	want = &ex;
out:
	return end_edit(t, &x, b, want, rc, _("unregistered: the card is no "
	    "longer accepted for this bidder"));
}

static int
cmd_unregister(struct tool *t, int argc, char **argv)
{
	uint8_t fp[STORE_FP_LEN];
	struct ropts o;
	struct cand c;
	int rc;

	memset(&c, 0, sizeof(c));
	if ((rc = ropt_parse(t, argc, argv, 1, &o)) != TOOL_EXIT_OK)
		return rc;
	if (o.fp != NULL && store_fp_parse(o.fp, fp) != 0) {
		tool_error(t, _("bad fingerprint '%s' (SHA-256: 64 hex "
		    "digits)"), o.fp);
		return TOOL_EXIT_USAGE;
	}
	if (o.fp == NULL) {
		if ((rc = cand_get(t, o.reader, o.cert, &c)) != TOOL_EXIT_OK)
			return rc;
		memcpy(fp, c.fp, sizeof(fp));
	}
	rc = do_unregister(t, &o, fp);
	cand_reset(&c);
	return rc;
}

static const struct {
	const char	*name;
	int		(*fn)(struct tool *, int, char **);
} subs[] = {
	{ "import", cmd_import },
	{ "list", cmd_list },
	{ "show", cmd_show },
	{ "register", cmd_register },
	{ "update", cmd_update },
	{ "unregister", cmd_unregister },
};

int
tool_cmd_registry(struct tool *t, int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		tool_error(t, "%s", _("registry: give a subcommand: import, "
		    "list, show, register, update or unregister"));
		return TOOL_EXIT_USAGE;
	}
	for (i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			return subs[i].fn(t, argc - 1, argv + 1);
	tool_error(t, _("registry: unknown subcommand '%s'"), argv[1]);
	return TOOL_EXIT_USAGE;
}
