/*
 * tool.c - what every subcommand shares: the configuration and the trust
 * files, loaded once on demand, and the policy decision, made exactly
 * as the module makes it (conf_trust_input + pol_decide).  In the
 * library rather than in main.c so that the tests link it.
 */
#include "config.h"

#include <string.h>
#include <time.h>

#include "common/err.h"
#include "tool/tool.h"

int
tool_tp_new(const struct tool *t, tp_t **out)
{
	if (t->ops != NULL)
		return tp_new(t->ops, t->ops_arg, out);
	return tp_new(&tp_pcsc_ops, NULL, out);
}

time_t
tool_now(const struct tool *t)
{
	return t->now != 0 ? t->now : time(NULL);
}

int
tool_conf(struct tool *t)
{
	char err[CONF_ERR_MAX];

	if (t->conf != NULL)
		return TOOL_EXIT_OK;
	if (conf_load(t->conf_path, &t->conf, err, sizeof(err)) != EBID_OK) {
		tool_error(t, _("configuration refused: %s"), err);
		return TOOL_EXIT_CONFIG;
	}
	return TOOL_EXIT_OK;
}

int
tool_trust(struct tool *t)
{
	char err[CONF_ERR_MAX];
	int rc;

	if (t->trust != NULL)
		return TOOL_EXIT_OK;
	if ((rc = tool_conf(t)) != TOOL_EXIT_OK)
		return rc;
	if (conf_trust_load(t->conf, &t->trust, err, sizeof(err)) !=
	    EBID_OK) {
		tool_error(t, _("configuration refused: %s"), err);
		return TOOL_EXIT_CONFIG;
	}
	return TOOL_EXIT_OK;
}

/*
 * A certificate without a card (ebid-tool show FILE, registry --cert):
 * the same decision as a card's, with no card to answer the My Number
 * probe.
 */
int
tool_decide(struct tool *t, X509 *cert, X509 *card_ca,
    struct pol_decision *d)
{
	struct insp_card ic;
	int rc;

	memset(d, 0, sizeof(*d));
	if ((rc = tool_trust(t)) != TOOL_EXIT_OK)
		return rc;
	memset(&ic, 0, sizeof(ic));
	ic.cert = cert;
	ic.ca = card_ca;
	if (insp_card_decide(&ic, t->trust, tool_now(t), d) != EBID_OK) {
		tool_error(t, "%s", _("the policy decision failed (out of "
		    "memory?)"));
		return TOOL_EXIT_INTERNAL;
	}
	return TOOL_EXIT_OK;
}
