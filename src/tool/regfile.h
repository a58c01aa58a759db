/*
 * regfile.h - the registry file under edit (regfile.c).
 */
#ifndef EBID_TOOL_REGFILE_H
#define EBID_TOOL_REGFILE_H

#include <stddef.h>
#include <stdint.h>

#include "policy/registry.h"
#include "tool/store.h"
#include "tool/tool.h"

#define CARDS_MAX	16

/* The registry of one command: its text (UTF-8), parsed, and locked. */
struct regctx {
	char			 path[CONF_PATH_MAX];
	char			*text;
	size_t			 len;
	struct pol_registry	*reg;
	struct store_lock	 lock;
};

struct expect {
	const char		*vendor;
	enum pol_category	 cat;
	const uint8_t		*add;	/* must be registered, or NULL */
	const uint8_t		*del;	/* must not be, or NULL */
};

int tool_regfile_path(struct tool *t, char *path, size_t n);
int tool_regfile_parse(struct tool *t, const char *text, size_t len,
    struct pol_registry **reg);
int tool_regfile_to_utf8(struct tool *t, const struct pol_registry *reg,
    char **text, size_t *len);
int tool_regfile_open(struct tool *t, struct regctx *x, int lock);
void tool_regfile_close(struct regctx *x);
const struct pol_bidder *tool_regfile_bidder(const struct pol_registry *reg,
    const char *vendor, enum pol_category cat);
int tool_regfile_has_card(const struct pol_bidder *b, const uint8_t *fp);
int tool_regfile_check(struct tool *t, const char *path, const char *data,
    size_t len, void *arg);
int tool_regfile_write_cards(struct tool *t, struct regctx *x,
    const struct pol_bidder *b, const struct expect *ex);

#endif
