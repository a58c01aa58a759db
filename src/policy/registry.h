/*
 * registry.h - the bidders' registry, read from a CSV file that an
 * administrator exports from a spreadsheet (docs/registry-format.md).
 *
 * The reader never stops at the first problem: it returns every error
 * (line, column, reason) and every row that passed all checks, so that
 * a tool can print a dry-run report.  Pure: the caller reads the file.
 */
#ifndef EBID_POLICY_REGISTRY_H
#define EBID_POLICY_REGISTRY_H

#include <stddef.h>
#include <stdint.h>

#define POL_REG_FIELD_MAX	256		/* bytes per field, UTF-8 */
#define POL_REG_LIST_FIELD_MAX	1600	/* delegates, cards: 16 of each */
#define POL_REG_INPUT_MAX	(16u << 20)	/* bytes of CSV */
#define POL_REG_ERRORS_MAX	1000		/* then one "too many" */
#define POL_REG_ROWS_MAX	100000
#define POL_FP_LEN		32		/* SHA-256 of the certificate */

enum pol_category {
	POL_CAT_CONSTRUCTION = 1,	/* 建設工事 */
	POL_CAT_CONSULTING,		/* コンサル */
	POL_CAT_GOODS,			/* 物品 */
};

struct pol_bidder {
	size_t			 line;		/* where the row starts */
	char			*vendor;	/* 業者番号, NFKC, as written */
	enum pol_category	 category;	/* 区分 */
	char			*company;	/* 商号 */
	char			*representative; /* 代表者 */
	char			**delegates;	/* 受任者 */
	size_t			 ndelegates;
	char			*contact_name;	/* 連絡先 ("" if none) */
	char			*contact_mail;	/* 連絡先メール */
	char			*dept_name;	/* 利用部署 */
	char			*dept_mail;	/* 利用部署メール */
	uint8_t			(*cards)[POL_FP_LEN];	/* 登録カード */
	size_t			 ncards;
};

struct pol_reg_error {
	size_t	line;		/* 1-based; physical line a record starts on */
	size_t	column;		/* 1-based; 0: the whole line or file */
	char	msg[320];	/* English, UTF-8 */
	char	ja[320];	/* the same in Japanese, UTF-8 */
};

enum pol_reg_encoding {
	POL_ENC_UTF8 = 1,
	POL_ENC_UTF8_BOM,
	POL_ENC_CP932,
};

#define POL_REG_WARNS_MAX	40		/* header warnings kept */

struct pol_registry {
	enum pol_reg_encoding	 encoding;
	size_t			 nrows;
	struct pol_bidder	*rows;		/* accepted rows only */
	size_t			 nerrs;
	struct pol_reg_error	*errs;		/* rows left out, and why */
	size_t			 nleft;		/* rows left out */
	size_t			 nwarns;
	struct pol_reg_error	*warns;		/* ignored columns: not errors */
	int			 unreadable;	/* 1: not read at all, no row */
	struct pol_reg_error	 why;		/* if unreadable: the first cause */
};

/*
 * Reads the CSV in data.  EBID_OK when a report was produced; EBID_ERR_ARG,
 * EBID_ERR_NOMEM otherwise.  Three levels (docs/registry-format.md):
 * warnings (unknown or unnamed columns, ignored: warns); a row with an
 * error is left out (errs, nleft) and the other rows are kept; a file that
 * cannot be read as a registry at all (encoding, CSV quoting, size, header)
 * sets unreadable, keeps no row, and why is its first cause.  The registry
 * is clean only if nerrs is 0.
 */
int pol_registry_parse(const uint8_t *, size_t, struct pol_registry **);
void pol_registry_free(struct pol_registry **);

const char *pol_category_name(enum pol_category);

/*
 * Vendor numbers are kept in this form (NFKC: full-width digits are
 * digits; trimmed), and the registry's are ASCII letters, digits and '-':
 * bring a number a person typed to it, then compare with pol_vendor_same.
 * Allocated; NULL when out of memory (or s is NULL).
 */
char *pol_vendor_form(const char *s);
/* 1 if two kept vendor numbers are one: equal but for ASCII case (never
 * the locale's case rules). */
int pol_vendor_same(const char *a, const char *b);

/* FAQ Q2-14: 1 if one card may serve vendor numbers of both categories. */
int pol_category_may_share(enum pol_category, enum pol_category);

/*
 * FAQ Q2-14 over a registry: 1 (and the row in *other) if a card of
 * the candidate is already bound to a row whose category it may not
 * share with, else 0.
 */
int pol_registry_card_conflict(const struct pol_registry *,
    const struct pol_bidder *, const struct pol_bidder **);

#endif
