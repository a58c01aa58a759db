/*
 * registry.c - ebid-tool registry: the bidders' CSV (FAQ Q2-9..Q2-17);
 * the subcommands' options and output, import, list and show, and the
 * dispatch.  register, update and unregister are in regcard.c, the file
 * under edit in regfile.c.
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
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "policy/registry.h"
#include "tool/regcard.h"
#include "tool/regfile.h"
#include "tool/registry.h"
#include "tool/store.h"

/* --- output helpers ------------------------------------------------- */

const char *
tool_reg_cat_label(enum pol_category c)
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

int
tool_reg_cat_parse(struct tool *t, const char *s, enum pol_category *out)
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
	    pol_category_name(b->category) : tool_reg_cat_label(b->category));
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
int
tool_reg_opts_parse(struct tool *t, int argc, char **argv, int nargs,
    struct ropts *o)
{
	int c;

	memset(o, 0, sizeof(*o));
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "r:", ropt_long, NULL)) != -1) {
		if (c == '?' || c == ':') {
			tool_error(t, _("registry %s: bad option '%s'"),
			    argv[0],
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
		    tool_reg_cat_label(reg->rows[i].category),
		    reg->rows[i].company, reg->rows[i].ncards);
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

	if ((rc = tool_regfile_path(t, path, sizeof(path))) != TOOL_EXIT_OK ||
	    (rc = tool_regfile_to_utf8(t, reg, text, len)) != TOOL_EXIT_OK ||
	    (rc = store_lock(t, path, &lk)) != TOOL_EXIT_OK)
		return rc;
	if ((rc = store_read(t, path, 1, &old, &olen)) == TOOL_EXIT_OK &&
	    old != NULL && tool_regfile_check(t, path, old, olen, NULL) != 0)
		tool_warn(t, _("%s: the registry being replaced had errors; "
		    "it is kept as %s~"), path, path);
	if (rc == TOOL_EXIT_OK)
		rc = store_replace(t, path, *text, *len, tool_regfile_check,
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

	if ((rc = tool_reg_opts_parse(t, argc, argv, 1, &o)) != TOOL_EXIT_OK)
		goto out;
	if ((rc = store_read(t, o.args[0], 0, &text, &len)) != TOOL_EXIT_OK ||
	    (rc = tool_regfile_parse(t, text, len, &reg)) != TOOL_EXIT_OK) {
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
		out_text(t, "%s",
		    _("dry run: nothing installed (use --apply)"));
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

	if ((rc = tool_reg_opts_parse(t, argc, argv, 0, &o)) != TOOL_EXIT_OK)
		return rc;
	if ((rc = tool_regfile_open(t, &x, 0)) == TOOL_EXIT_OK) {
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
	tool_regfile_close(&x);
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

	if ((rc = tool_reg_opts_parse(t, argc, argv, 1, &o)) != TOOL_EXIT_OK ||
	    (o.category != NULL &&
	    (rc = tool_reg_cat_parse(t, o.category, &cat)) != TOOL_EXIT_OK))
		return rc;
	if ((v = pol_vendor_form(o.args[0])) == NULL) {
		tool_error(t, "%s", _("out of memory"));
		return TOOL_EXIT_INTERNAL;
	}
	if ((rc = tool_regfile_open(t, &x, 0)) == TOOL_EXIT_OK) {
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
	tool_regfile_close(&x);
	free(v);
	return rc;
}

static const struct {
	const char	*name;
	int		(*fn)(struct tool *, int, char **);
} subs[] = {
	{ "import", cmd_import },
	{ "list", cmd_list },
	{ "show", cmd_show },
	{ "register", tool_reg_register },
	{ "update", tool_reg_update },
	{ "unregister", tool_reg_unregister },
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
