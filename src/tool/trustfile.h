/*
 * trustfile.h - CA bundles, the configuration under edit, policy OIDs
 * (trustfile.c).
 */
#ifndef EBID_TOOL_TRUSTFILE_H
#define EBID_TOOL_TRUSTFILE_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/x509.h>

#include "tool/store.h"
#include "tool/tool.h"

/* A CA bundle: its text and its certificates with their PEM spans. */
struct bundle {
	char			*text;
	size_t			 len;
	struct store_certs	*c;
};

/* A configuration file read under its lock. */
struct confedit {
	struct store_lock	 lock;
	char			*text;
	size_t			 len;
	struct conf		*conf;
};
struct conf_expect {
	const char	*id;
	int		 present;
	const char	*policies;
};

const struct conf_authority *tool_tf_auth_find(const struct conf *c,
    const char *id);
int tool_tf_auth_get(struct tool *t, const struct conf *c, const char *id,
    const struct conf_authority **a);
long tool_tf_bundle_find(const struct bundle *b, const uint8_t *fp);
void tool_tf_bundle_free(struct bundle **bp);
int tool_tf_bundle_path(struct tool *t, const struct conf *c,
    const struct conf_authority *a, const char *id, char *out, size_t n);
int tool_tf_bundle_read(struct tool *t, const char *path, struct bundle **out);
long tool_tf_certs_find(const struct store_certs *c, size_t n,
    const uint8_t *fp);
int tool_tf_check_bundle(struct tool *t, const char *path, const char *data,
    size_t len, void *arg);
int tool_tf_check_conf(struct tool *t, const char *path,
    const char *data, size_t len, void *arg);
void tool_tf_confedit_free(struct confedit *e);
int tool_tf_confedit_open(struct tool *t, struct confedit *e);
void tool_tf_out_policies(struct tool *t, const char *key, const char *label,
    const char *list);
int tool_tf_policies_join(struct tool *t, const char *what,
    const char *const *v, size_t n, char *out, size_t cap);

#endif
