/*
 * conf.h - the module configuration (ebid-pkcs11.conf).
 *
 * [profile NAME] sections describe a card layout (docs/card-profile.md);
 * [authority ID] sections describe a certification authority and name
 * the profile its cards use.  Every key is a row of one table in conf.c.
 * A file with any error is refused whole: file:line and what is wrong.
 */
#ifndef EBID_CONF_CONF_H
#define EBID_CONF_CONF_H

#include <stddef.h>
#include <stdint.h>

#include "card/card.h"
#include "transport/tp.h"

#define CONF_NAME_MAX	64
#define CONF_TEXT_MAX	256
#define CONF_ERR_MAX	512
#define CONF_PATH_MAX	(2 * CONF_TEXT_MAX)	/* conf_path's results */

struct conf_profile {
	char			name[CONF_NAME_MAX];
	struct card_profile	card;
	uint8_t			atr[TP_ATR_MAX];	/* optional ATR match */
	uint8_t			atr_mask[TP_ATR_MAX];
	size_t			atr_len;
	size_t			atr_mask_len;
	int			always_auth;	/* CKA_ALWAYS_AUTHENTICATE */
	int			pin_counter;	/* tries counted by us */
};

struct conf_authority {
	char	id[CONF_NAME_MAX];
	char	name_ja[CONF_TEXT_MAX];
	char	name_en[CONF_TEXT_MAX];
	char	profile[CONF_NAME_MAX];
	char	ca_file[CONF_TEXT_MAX];	/* PEM bundle; "" when not known */
	char	crl_file[CONF_TEXT_MAX];	/* PEM CRLs; "" none */
	char	policies[CONF_TEXT_MAX];	/* OIDs as written (pol_oid_pat) */
	int	pin_lock_count;		/* 0: not known */
	int	holder_in_org;		/* names in O and OU count too */
	unsigned line;			/* where it was defined */
};

/* [deny NAME]: an administrator's deny entry (added to the built-in). */
struct conf_deny {
	char	name[CONF_NAME_MAX];
	char	policy[CONF_TEXT_MAX];	/* OID as written, or "" */
	char	issuer[CONF_TEXT_MAX];	/* "C=JP, O=...", or "" */
	unsigned line;
};

/* [policy]: one section, every key optional. */
struct conf_policy {
	char	registry[CONF_TEXT_MAX];	/* bidders' CSV; "" none */
	char	variants[CONF_TEXT_MAX];	/* kanji variants; "" none */
	char	ca_dir[CONF_TEXT_MAX];		/* <ca_dir>/<id>.pem */
	char	pin_state_dir[CONF_TEXT_MAX];	/* "" : the user's */
	int	binding;			/* enum pol_bind_rule */
	int	audit;
	int	pin_reserve;			/* default 2 */
};

struct conf {
	char			 dir[CONF_TEXT_MAX];	/* of the file, for paths */
	char			 path[CONF_PATH_MAX];	/* the file, or a name */
	struct conf_policy	 policy;
	struct conf_deny	*denies;
	size_t			 ndenies;
	struct conf_profile	*profiles;
	size_t			 nprofiles;
	struct conf_authority	*auths;
	size_t			 nauths;
};

int conf_load(const char *path, struct conf **, char *err, size_t errlen);
int conf_load_text(const char *name, const char *text, size_t len,
    struct conf **, char *err, size_t errlen);
void conf_free(struct conf **);
int conf_path(const struct conf *, const char *rel, char *out, size_t n);
const struct conf_profile *conf_profile_find(const struct conf *,
    const char *name);
const struct conf_profile *conf_profile_match(const struct conf *,
    const uint8_t *atr, size_t atr_len);

#endif
