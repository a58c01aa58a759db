/*
 * registry.c - the bidders' registry CSV reader (docs/registry-format.md):
 * the header, the rows, the checks across rows and the lifecycle.  The
 * records come from regread.c, the field values from regvalue.c.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uninorm.h>
#include <unistr.h>

#include "common/err.h"
#include "common/hex.h"
#include "common/log.h"
#include "policy/registry.h"
#include "policy/regread.h"
#include "policy/regvalue.h"

/* Header names, compared after NFKC, trimming and ASCII lower-casing. */
static const struct {
	enum col	 col;
	int		 required;
	const char	*names[4];
} col_names[] = {
	{ COL_VENDOR, 1, { "業者番号", "vendor number", "vendor_number" } },
	{ COL_CATEGORY, 1, { "区分", "業種", "category" } },
	{ COL_COMPANY, 1, { "商号", "company" } },
	{ COL_REP, 1, { "代表者", "representative" } },
	{ COL_DELEGATES, 0, { "受任者", "delegates", "delegate" } },
	{ COL_CONTACT, 0, { "連絡先", "contact", "contact name" } },
	{ COL_CONTACT_MAIL, 0, { "連絡先メール", "contact email",
	    "contact e-mail", "contact_email" } },
	{ COL_DEPT, 0, { "利用部署", "department" } },
	{ COL_DEPT_MAIL, 0, { "利用部署メール", "department email",
	    "department e-mail", "department_email" } },
	{ COL_CARDS, 0, { "登録カード", "cards", "card fingerprints" } },
};
_Static_assert(NELEM(col_names) == COL_COUNT - 1, "col_names");

static const struct {
	enum pol_category	 cat;
	const char		*names[4];
} cat_names[] = {
	{ POL_CAT_CONSTRUCTION, { "建設工事", "工事", "construction" } },
	{ POL_CAT_CONSULTING, { "コンサル", "建設コンサルタント",
	    "consulting" } },
	{ POL_CAT_GOODS, { "物品", "物品・役務", "goods" } },
};
_Static_assert(NELEM(cat_names) == 3, "cat_names");

const char *
pol_category_name(enum pol_category c)
{
	switch (c) {
	case POL_CAT_CONSTRUCTION:
		return "construction";
	case POL_CAT_CONSULTING:
		return "consulting";
	case POL_CAT_GOODS:
		return "goods";
	}
	return "?";
}

int
pol_category_may_share(enum pol_category a, enum pol_category b)
{
	return !((a == POL_CAT_CONSTRUCTION && b == POL_CAT_CONSULTING) ||
	    (a == POL_CAT_CONSULTING && b == POL_CAT_CONSTRUCTION));
}

static void
bidder_clear(struct pol_bidder *b)
{
	size_t i;

	free(b->vendor);
	free(b->company);
	free(b->representative);
	for (i = 0; i < b->ndelegates; i++)
		free(b->delegates[i]);
	free(b->delegates);
	free(b->contact_name);
	free(b->contact_mail);
	free(b->dept_name);
	free(b->dept_mail);
	free(b->cards);
	memset(b, 0, sizeof(*b));
}

/* A file that cannot be read keeps no row. */
static void
drop_rows(struct pol_registry *reg)
{
	size_t i;

	for (i = 0; i < reg->nrows; i++)
		bidder_clear(&reg->rows[i]);
	reg->nrows = 0;
	reg->nleft = 0;
}

void
pol_registry_free(struct pol_registry **rp)
{
	size_t i;

	if (rp == NULL || *rp == NULL)
		return;
	for (i = 0; i < (*rp)->nrows; i++)
		bidder_clear(&(*rp)->rows[i]);
	free((*rp)->rows);
	free((*rp)->errs);
	free((*rp)->warns);
	free(*rp);
	*rp = NULL;
}

/* --- rows --------------------------------------------------------------- */

static int
set_category(struct rd *r, size_t line, size_t col, const char *v,
    struct pol_bidder *b)
{
	char *k = pol_rv_key_form(v);
	size_t i, j;

	if (k == NULL)
		return -1;
	for (i = 0; i < NELEM(cat_names); i++)
		for (j = 0; j < NELEM(cat_names[i].names) &&
		    cat_names[i].names[j] != NULL; j++)
			if (strcmp(k, cat_names[i].names[j]) == 0)
				b->category = cat_names[i].cat;
	if (b->category == 0)
		pol_rd_err(r->reg, line, col, "bad category '%s' (建設工事, "
		    "コンサル or 物品)",
		    "区分 '%s' は不正です（建設工事、コンサル、物品のいずれか）",
		    v);
	free(k);
	return b->category == 0;
}

static int
set_vendor(struct rd *r, size_t line, size_t col, const char *v,
    struct pol_bidder *b)
{
	if ((b->vendor = pol_rv_nfkc_trim(v)) == NULL)
		return -1;
	if (pol_rv_vendor_ok(b->vendor))
		return 0;
	pol_rd_err(r->reg, line, col, "bad vendor number '%s' (1 to %d "
	    "letters, digits or '-')",
	    "業者番号 '%s' は不正です（英数字または '-' で 1 から %d 文字）",
	    v, VENDOR_MAX);
	return 1;
}

static int
set_name(struct rd *r, size_t line, size_t col, const char *v,
    char **dst)
{
	if ((*dst = pol_rv_dup_trim(v, strlen(v))) == NULL)
		return -1;
	if (**dst != '\0')
		return 0;
	pol_rd_err(r->reg, line, col, "empty name",
	    "名前が空です");
	return 1;
}

static int
set_mail(struct rd *r, size_t line, size_t col, const char *v, char **dst)
{
	if ((*dst = pol_rv_dup_trim(v, strlen(v))) == NULL)
		return -1;
	if (**dst == '\0' || pol_rv_mail_ok(*dst))
		return 0;
	pol_rd_err(r->reg, line, col, "bad e-mail address '%s'",
	    "メールアドレス '%s' は不正です", *dst);
	return 1;
}

static int
set_delegates(struct rd *r, size_t line, size_t col, const char *v,
    struct pol_bidder *b)
{
	int rc = pol_rv_split(v, &b->delegates, &b->ndelegates);

	if (rc == 1)
		pol_rd_err(r->reg, line, col, "empty delegate name",
		    "受任者の名前が空です");
	else if (rc == 2)
		pol_rd_err(r->reg, line, col, "more than %d delegates",
		    "受任者が %d 人を超えています", LIST_MAX);
	return rc;
}

static int
set_cards(struct rd *r, size_t line, size_t col, const char *v,
    struct pol_bidder *b)
{
	char **items = NULL;
	size_t n = 0, i, j;
	int rc;

	if ((rc = pol_rv_split(v, &items, &n)) == 0 && n > 0 &&
	    (b->cards = calloc(n, sizeof(*b->cards))) == NULL)
		rc = -1;
	if (rc == 1 || rc == 2)
		pol_rd_err(r->reg, line, col,
		    rc == 1 ? "empty card fingerprint" :
		    "too many card fingerprints", rc == 1 ?
		    "カードのフィンガープリントが空です" :
		    "カードのフィンガープリントが多すぎます");
	for (i = 0; rc == 0 && i < n; i++) {
		if (!pol_rv_fp_parse(items[i], b->cards[i])) {
			pol_rd_err(r->reg, line, col,
			    "bad card fingerprint '%s' "
			    "(SHA-256, 64 hex digits)",
			    "カードのフィンガープリント '%s' は不正です"
			    "（SHA-256、16 進 64 桁）", items[i]);
			rc = 1;
		}
		for (j = 0; rc == 0 && j < i; j++)
			if (memcmp(b->cards[i], b->cards[j], POL_FP_LEN) == 0) {
				pol_rd_err(r->reg, line, col,
				    "card '%s' listed "
				    "twice",
				    "カード '%s' が二度記載されています",
				    items[i]);
				rc = 1;
			}
		b->ncards = i + 1;
	}
	pol_rv_free_list(items, n);
	return rc;
}

static int
set_field(struct rd *r, size_t line, size_t i, const char *v,
    struct pol_bidder *b)
{
	size_t col = i + 1;

	switch (r->map[i]) {
	case COL_VENDOR:
		return set_vendor(r, line, col, v, b);
	case COL_CATEGORY:
		return set_category(r, line, col, v, b);
	case COL_COMPANY:
		return set_name(r, line, col, v, &b->company);
	case COL_REP:
		return set_name(r, line, col, v, &b->representative);
	case COL_DELEGATES:
		return set_delegates(r, line, col, v, b);
	case COL_CONTACT:
		return (b->contact_name = pol_rv_dup_trim(v,
		    strlen(v))) ? 0 : -1;
	case COL_CONTACT_MAIL:
		return set_mail(r, line, col, v, &b->contact_mail);
	case COL_DEPT:
		return (b->dept_name = pol_rv_dup_trim(v, strlen(v))) ? 0 : -1;
	case COL_DEPT_MAIL:
		return set_mail(r, line, col, v, &b->dept_mail);
	case COL_CARDS:
		return set_cards(r, line, col, v, b);
	case COL_NONE:
	case COL_COUNT:
		break;
	}
	return 0;
}

static int
fill_optional(struct pol_bidder *b)
{
	char **opt[] = { &b->contact_name, &b->contact_mail, &b->dept_name,
	    &b->dept_mail };
	size_t i;

	for (i = 0; i < NELEM(opt); i++)
		if (*opt[i] == NULL && (*opt[i] = strdup("")) == NULL)
			return -1;
	return 0;
}

int
pol_registry_card_conflict(const struct pol_registry *reg,
    const struct pol_bidder *b, const struct pol_bidder **other)
{
	const struct pol_bidder *o;
	size_t i, j, k;

	if (reg == NULL || b == NULL)
		return 0;
	for (i = 0; i < reg->nrows; i++) {
		o = &reg->rows[i];
		if (o == b || pol_category_may_share(o->category, b->category))
			continue;
		for (j = 0; j < b->ncards; j++)
			for (k = 0; k < o->ncards; k++)
				if (memcmp(b->cards[j], o->cards[k],
				    POL_FP_LEN) == 0) {
					if (other != NULL)
						*other = o;
					return 1;
				}
	}
	return 0;
}

/* FNV-1a over the category and the key bytes (ASCII case folded). */
static uint32_t
rx_hash(enum pol_category cat, const uint8_t *p, size_t n, int fold)
{
	uint32_t h = 2166136261u;
	size_t i;

	h = (h ^ (uint32_t)cat) * 16777619u;
	for (i = 0; i < n; i++)
		h = (h ^ (fold ? pol_rv_ascii_lower(p[i]) : p[i])) * 16777619u;
	return h;
}

static uint32_t
rx_hash_vendor(enum pol_category cat, const char *v)
{
	return rx_hash(cat, (const uint8_t *)v, strlen(v), 1);
}

static uint32_t
rx_hash_card(enum pol_category cat, const uint8_t *fp)
{
	return rx_hash(cat, fp, POL_FP_LEN, 0);
}

/* Does entry e hold this key: a vendor number v, or the card fp? */
static int
rx_is(const struct rd *r, const struct rx_ent *e, enum pol_category cat,
    const char *v, const uint8_t *fp)
{
	const struct pol_bidder *o = &r->reg->rows[e->row - 1];

	if (o->category != cat)
		return 0;
	if (v != NULL)
		return e->card == RX_VENDOR && pol_vendor_same(o->vendor, v);
	return e->card != RX_VENDOR &&
	    memcmp(o->cards[e->card], fp, POL_FP_LEN) == 0;
}

/* The row (+ 1) of a key, 0 when none; *slot: where it is or would go. */
static size_t
rx_find(const struct rd *r, uint32_t h, enum pol_category cat,
    const char *v, const uint8_t *fp, size_t *slot)
{
	const struct rx *x = &r->rx;
	size_t i;

	if (x->cap == 0)
		return 0;
	for (i = h & (x->cap - 1); x->e[i].row != 0; i = (i + 1) & (x->cap - 1))
		if (x->e[i].h == h && rx_is(r, &x->e[i], cat, v, fp))
			break;
	if (slot != NULL)
		*slot = i;
	return x->e[i].row;
}

static int
rx_grow(struct rx *x)
{
	struct rx_ent *e;
	size_t cap = x->cap ? x->cap * 2 : 256, i, j;

	if ((e = calloc(cap, sizeof(*e))) == NULL)
		return -1;
	for (i = 0; i < x->cap; i++) {
		if (x->e[i].row == 0)
			continue;
		for (j = x->e[i].h & (cap - 1); e[j].row != 0;
		    j = (j + 1) & (cap - 1))
			;
		e[j] = x->e[i];
	}
	free(x->e);
	x->e = e;
	x->cap = cap;
	return 0;
}

/* Adds a key of row (0-based) unless it is there; -1: out of memory. */
static int
rx_add(struct rd *r, size_t row, uint16_t card)
{
	const struct pol_bidder *b = &r->reg->rows[row];
	const char *v = card == RX_VENDOR ? b->vendor : NULL;
	const uint8_t *fp = card == RX_VENDOR ? NULL : b->cards[card];
	uint32_t h = v != NULL ? rx_hash_vendor(b->category, v) :
	    rx_hash_card(b->category, fp);
	size_t slot;

	if (2 * (r->rx.n + 1) > r->rx.cap && rx_grow(&r->rx) != 0)
		return -1;
	if (rx_find(r, h, b->category, v, fp, &slot) != 0)
		return 0;	/* an earlier row has it: keep the first */
	r->rx.e[slot] = (struct rx_ent){ h, (uint32_t)row + 1, card };
	r->rx.n++;
	return 0;
}

/* Indexes the last accepted row. */
static int
rx_add_row(struct rd *r)
{
	size_t row = r->reg->nrows - 1, j;

	if (rx_add(r, row, RX_VENDOR) != 0)
		return -1;
	for (j = 0; j < r->reg->rows[row].ncards; j++)
		if (rx_add(r, row, (uint16_t)j) != 0)
			return -1;
	return 0;
}

/*
 * FAQ Q2-14 through the index: the first accepted row, in file order, of
 * a category that may not share a card with b's and that holds one of
 * b's cards (what pol_registry_card_conflict finds, without the scan).
 */
static const struct pol_bidder *
rx_conflict(const struct rd *r, const struct pol_bidder *b)
{
	static const enum pol_category cats[] = { POL_CAT_CONSTRUCTION,
	    POL_CAT_CONSULTING, POL_CAT_GOODS };
	size_t j, k, row, first = 0;

	for (j = 0; j < b->ncards; j++)
		for (k = 0; k < sizeof(cats) / sizeof(cats[0]); k++) {
			if (pol_category_may_share(cats[k], b->category))
				continue;
			row = rx_find(r, rx_hash_card(cats[k], b->cards[j]),
			    cats[k], NULL, b->cards[j], NULL);
			if (row != 0 && (first == 0 || row < first))
				first = row;
		}
	return first != 0 ? &r->reg->rows[first - 1] : NULL;
}

/* Duplicate (vendor, category) and FAQ Q2-14 against accepted rows. */
static int
cross_check(struct rd *r, size_t line, const struct pol_bidder *b)
{
	const struct pol_bidder *o;
	size_t row;

	row = rx_find(r, rx_hash_vendor(b->category, b->vendor), b->category,
	    b->vendor, NULL, NULL);
	if (row != 0) {
		o = &r->reg->rows[row - 1];
		pol_rd_err(r->reg, line, 0, "duplicate vendor number %s "
		    "(%s), first on line %zu",
		    "業者番号 %s（%s）が重複しています（最初は %zu 行）",
		    b->vendor, pol_category_name(b->category), o->line);
		return 1;
	}
	if ((o = rx_conflict(r, b)) != NULL) {
		pol_rd_err(r->reg, line, 0, "a card of vendor %s (%s) is also "
		    "registered to vendor %s (%s) on line %zu: construction "
		    "and consulting need separate cards (FAQ Q2-14)",
		    "業者 %s（%s）のカードは業者 %s（%s、%zu 行）にも登録されて"
		    "います。建設工事とコンサルには別々のカードが必要です（FAQ "
		    "Q2-14）",
		    b->vendor, pol_category_name(b->category), o->vendor,
		    pol_category_name(o->category), o->line);
		return 1;
	}
	return 0;
}

static int
add_row(struct rd *r, struct pol_bidder *b)
{
	struct pol_bidder *nv;
	size_t cap;

	if (r->reg->nrows >= POL_REG_ROWS_MAX)
		return 1;
	if (r->reg->nrows == r->cap_rows) {
		cap = r->cap_rows ? r->cap_rows * 2 : 16;
		if (cap > POL_REG_ROWS_MAX)
			cap = POL_REG_ROWS_MAX;
		if ((nv = realloc(r->reg->rows, cap * sizeof(*nv))) == NULL)
			return -1;
		r->reg->rows = nv;
		r->cap_rows = cap;
	}
	r->reg->rows[r->reg->nrows++] = *b;
	memset(b, 0, sizeof(*b));
	return 0;
}

/*
 * The longest field: lists (delegates, card fingerprints: up to LIST_MAX
 * of them, a fingerprint taking 95 bytes with colons) get more room.
 */
static size_t
field_max(enum col col)
{
	if (col == COL_CARDS || col == COL_DELEGATES)
		return POL_REG_LIST_FIELD_MAX;
	return POL_REG_FIELD_MAX;
}

static int
do_row(struct rd *r, const struct rec *c)
{
	struct pol_bidder b;
	size_t i;
	int rc, bad = 0;

	memset(&b, 0, sizeof(b));
	b.line = c->line;
	if (c->nf != r->ncols) {
		pol_rd_err(r->reg, c->line, 0,
		    "%zu columns, the header has %zu",
		    "%zu 列ありますが、見出し行は %zu 列です",
		    c->nf, r->ncols);
		r->reg->nleft++;
		return 0;
	}
	for (i = 0; i < c->nf; i++) {
		if (c->flen[i] > field_max(r->map[i])) {
			pol_rd_err(r->reg, c->line, i + 1,
			    "field longer than %zu "
			    "bytes", "欄が %zu バイトを超えています",
			    field_max(r->map[i]));
			bad = 1;
			continue;
		}
		if ((rc = set_field(r, c->line, i, c->f[i], &b)) < 0)
			goto nomem;
		bad |= rc;
	}
	if (!bad && fill_optional(&b) != 0)
		goto nomem;
	if (!bad && !cross_check(r, c->line, &b)) {
		if ((rc = add_row(r,
		    &b)) < 0 || (rc == 0 && rx_add_row(r) != 0))
			goto nomem;
		if (rc > 0)
			pol_rd_err(r->reg, c->line, 0, "more than %d rows",
			    "行が %d を超えています",
			    POL_REG_ROWS_MAX);
		bad = rc > 0;
	} else
		bad = 1;
	r->reg->nleft += bad != 0;
	bidder_clear(&b);
	return 0;
nomem:
	bidder_clear(&b);
	return EBID_ERR_NOMEM;
}

/* --- header and driver -------------------------------------------------- */

static enum col
col_lookup(const char *key)
{
	size_t i, j;

	for (i = 0; i < NELEM(col_names); i++)
		for (j = 0; j < NELEM(col_names[i].names) &&
		    col_names[i].names[j] != NULL; j++)
			if (strcmp(key, col_names[i].names[j]) == 0)
				return col_names[i].col;
	return COL_NONE;
}

/* Warns of the header's unnamed columns from..to (1-based), as one run. */
static void
warn_unnamed(struct rd *r, size_t line, size_t from, size_t to)
{
	if (from == to)
		pol_rd_warn(r->reg, line, from,
		    "column %zu has no name: ignored",
		    "%zu 列目には見出しがありません。無視します", from);
	else
		pol_rd_warn(r->reg, line, from, "columns %zu to %zu have no "
		    "name: ignored",
		    "%zu 列目から %zu 列目には見出しがありません。無視します",
		    from, to);
}

/* Maps column i; an unknown or unnamed one is a warning, ignored. */
static int
header_col(struct rd *r, const struct rec *c, size_t i, int *seen)
{
	char *k;

	if ((k = pol_rv_key_form(c->f[i])) == NULL)
		return -1;
	r->map[i] = *k == '\0' ? COL_NONE : col_lookup(k);
	if (*k != '\0' && r->map[i] == COL_NONE)
		pol_rd_warn(r->reg, c->line, i + 1, "unknown column '%.64s': "
		    "ignored", "不明な列 '%.64s' は無視します", c->f[i]);
	free(k);
	if (r->map[i] != COL_NONE && seen[r->map[i]]++) {
		pol_rd_fatal(r->reg, c->line, i + 1, "column '%.64s' given "
		    "twice",
		    "列 '%.64s' が二度あります", c->f[i]);
		return 1;
	}
	return 0;
}

/* 1 if the header leaves the rows unreadable. */
static int
do_header(struct rd *r, const struct rec *c)
{
	int seen[COL_COUNT] = { 0 }, bad = 0, rc;
	size_t i, run = 0;

	r->ncols = c->nf;
	for (i = 0; i < c->nf; i++) {
		if ((rc = header_col(r, c, i, seen)) < 0)
			return -1;
		bad |= rc;
		if (c->flen[i] == 0 && run == 0)
			run = i + 1;
		if (run != 0 && (c->flen[i] != 0 || i + 1 == c->nf)) {
			warn_unnamed(r, c->line, run,
			    c->flen[i] != 0 ? i : i + 1);
			run = 0;
		}
	}
	for (i = 0; i < NELEM(col_names); i++)
		if (col_names[i].required && !seen[col_names[i].col]) {
			pol_rd_fatal(r->reg, c->line, 0,
			    "missing required column "
			    "'%s' (%s)",
			    "必須の列 '%s'（%s）がありません",
			    col_names[i].names[0],
			    col_names[i].names[1]);
			bad = 1;
		}
	return bad;
}

static int
read_all(struct rd *r, struct rec *c)
{
	int rc, header = 1;

	while ((rc = pol_rd_next_record(r, c)) != 0) {
		if (rc == EBID_ERR_NOMEM)
			return rc;
		if (rc < 0 || pol_rd_rec_blank(c))
			continue;
		if (header) {
			header = 0;
			if ((rc = do_header(r, c)) != 0)
				return rc < 0 ? EBID_ERR_NOMEM : EBID_OK;
		} else if ((rc = do_row(r, c)) != EBID_OK)
			return rc;
	}
	if (header)
		pol_rd_fatal(r->reg, 1, 0, "no header row",
		    "見出し行がありません");
	return EBID_OK;
}

int
pol_registry_parse(const uint8_t *data, size_t len,
    struct pol_registry **out)
{
	struct rd r;
	struct rec *c = NULL;
	char *text = NULL;
	int ok = EBID_ERR_NOMEM;

	if ((data == NULL && len > 0) || out == NULL)
		return EBID_ERR_ARG;
	*out = NULL;
	memset(&r, 0, sizeof(r));
	r.line = 1;
	if ((r.reg = calloc(1, sizeof(*r.reg))) == NULL ||
	    (r.reg->errs = calloc(POL_REG_ERRORS_MAX + 1,
	    sizeof(*r.reg->errs))) == NULL ||
	    (r.reg->warns = calloc(POL_REG_WARNS_MAX,
	    sizeof(*r.reg->warns))) == NULL ||
	    (c = calloc(1, sizeof(*c))) == NULL)
		goto fail;
	if (len > POL_REG_INPUT_MAX)
		pol_rd_fatal(r.reg, 0, 0, "larger than %u bytes",
		    "%u バイトを超えています", POL_REG_INPUT_MAX);
	else if ((ok = pol_rd_decode(&r, data ? data : (const uint8_t *)"", len,
	    &text)) == EBID_ERR_NOMEM || (ok == EBID_OK &&
	    (ok = read_all(&r, c)) != EBID_OK))
		goto fail;
	if (r.reg->unreadable)
		drop_rows(r.reg);
	log_debug(LOG_POLICY, "registry: %zu rows, %zu errors, %zu left out, "
	    "%zu warnings%s", r.reg->nrows, r.reg->nerrs, r.reg->nleft,
	    r.reg->nwarns, r.reg->unreadable ? ", unreadable" : "");
	*out = r.reg;
	r.reg = NULL;
	ok = EBID_OK;
fail:
	if (c != NULL)
		pol_rd_rec_clear(c);
	free(c);
	free(text);
	free(r.rx.e);
	pol_registry_free(&r.reg);
	return ok;
}
