/*
 * regread.h - the registry reader's state, records and messages
 * (regread.c); registry.c turns the records into rows.
 */
#ifndef EBID_POLICY_REGREAD_H
#define EBID_POLICY_REGREAD_H

#include <stddef.h>
#include <stdint.h>

#include "policy/registry.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define FIELDS_MAX	32
#define LIST_MAX	16		/* delegates, cards per row */
#define VENDOR_MAX	32

enum col {
	COL_NONE = 0,
	COL_VENDOR,
	COL_CATEGORY,
	COL_COMPANY,
	COL_REP,
	COL_DELEGATES,
	COL_CONTACT,
	COL_CONTACT_MAIL,
	COL_DEPT,
	COL_DEPT_MAIL,
	COL_CARDS,
	COL_COUNT,
};
struct rec {
	size_t	 line;
	size_t	 nf;
	char	*f[FIELDS_MAX];
	size_t	 flen[FIELDS_MAX];
};

/*
 * An index of the accepted rows for the checks across rows, so that a
 * large registry is read in linear time: (category, vendor number without
 * case) -> the row, and (category, card fingerprint) -> the first row with
 * that card in that category.  Open addressing; an entry names its row
 * (and card) by index, since the rows array moves as it grows.
 */
#define RX_VENDOR	UINT16_MAX	/* rx_ent.card of a vendor entry */

struct rx_ent {
	uint32_t	h;
	uint32_t	row;	/* + 1; 0: empty */
	uint16_t	card;	/* index in the row's cards, or RX_VENDOR */
};

struct rx {
	struct rx_ent	*e;
	size_t		 cap;	/* a power of 2, or 0 */
	size_t		 n;
};

struct rd {
	const char		*s;	/* UTF-8 text */
	size_t			 len;
	size_t			 off;
	size_t			 line;
	struct pol_registry	*reg;
	size_t			 cap_errs;
	size_t			 cap_rows;
	enum col		 map[FIELDS_MAX];
	size_t			 ncols;
	struct rx		 rx;	/* accepted rows by vendor and card */
};
/* An error in English (fmt) and Japanese (ja), with the same arguments. */
void pol_rd_err(struct pol_registry *, size_t, size_t, const char *,
    const char *, ...)
    __attribute__((format(printf, 4, 6), format(printf, 5, 6)));
/* The same, and the file cannot be read as a registry: no row is kept. */
void pol_rd_fatal(struct pol_registry *, size_t, size_t, const char *,
    const char *, ...)
    __attribute__((format(printf, 4, 6), format(printf, 5, 6)));
/* A warning: something ignored, not an error. */
void pol_rd_warn(struct pol_registry *, size_t, size_t, const char *,
    const char *, ...)
    __attribute__((format(printf, 4, 6), format(printf, 5, 6)));

int pol_rd_decode(struct rd *r, const uint8_t *data, size_t len, char **own);
void pol_rd_rec_clear(struct rec *c);
int pol_rd_next_record(struct rd *r, struct rec *c);
int pol_rd_rec_blank(const struct rec *c);

#endif
