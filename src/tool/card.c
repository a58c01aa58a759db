/*
 * card.c - what a card in a reader holds, read the way the module reads
 * it (src/token/token.c): PC/SC, ATR, profile, the card driver.  Nothing
 * here sends a PIN: the PIN status is an empty VERIFY, which never
 * spends a try.  Also the certificate facts and the verdict printed by
 * several subcommands.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "common/err.h"
#include "common/hex.h"
#include "tool/store.h"
#include "tool/tool.h"

static int
set_rc(struct tool_card *c, int rc)
{
	c->rc = rc;
	return rc;
}

void
tool_test_delay(void)
{
	const char *s = secure_getenv("EBID_TOOL_TEST_DELAY_MS");
	struct timespec ts;
	long ms;

	if (s == NULL || (ms = strtol(s, NULL, 10)) <= 0 || ms > 60000)
		return;
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		continue;
}

const char *
tool_card_strerr(int rc)
{
	switch (rc) {
	case EBID_OK:
		return _("no error");
	case EBID_ERR_NO_SERVICE:
		return _("the smart-card service (pcscd) is not running");
	case EBID_ERR_NO_READER:
		return _("no such card reader");
	case EBID_ERR_NO_CARD:
		return _("no card in the reader, or the card was removed");
	case EBID_ERR_CARD_RESET:
		return _("the card was reset by another program");
	case EBID_ERR_SHARING:
		return _("another program is using the card exclusively");
	case EBID_ERR_IO:
		return _("the card was removed, or the card or reader does "
		    "not answer");
	case EBID_ERR_NOT_FOUND:
		return _("the card does not hold this file or application");
	case EBID_ERR_PARSE:
		return _("the card returned data that is not well-formed");
	case EBID_ERR_SECURITY:
		return _("the card requires the PIN first");
	case EBID_ERR_PIN_INCORRECT:
		return _("wrong PIN");
	case EBID_ERR_PIN_BLOCKED:
		return _("the PIN is blocked");
	case EBID_ERR_PIN_LEN:
	case EBID_ERR_PIN_FORMAT:
		return _("the PIN does not fit the card's PIN rules");
	case EBID_ERR_PIN_GUARD:
		return _("the PIN guard holds: no PIN was sent");
	case EBID_ERR_ARG:
		return _("no single card reader to work on (choose one with "
		    "-r READER)");
	case EBID_ERR_NOMEM:
		return _("out of memory");
	case EBID_ERR_UNSUPPORTED:
		return _("no card profile in the configuration reads this "
		    "card");
	default:
		return _("the card refused the command");
	}
}

int
tool_exit_of(int rc)
{
	switch (rc) {
	case EBID_OK:
		return TOOL_EXIT_OK;
	case EBID_ERR_NOMEM:
	case EBID_ERR_INTERNAL:
	case EBID_ERR_ARG:
		return TOOL_EXIT_INTERNAL;
	case EBID_ERR_CONFIG:
		return TOOL_EXIT_CONFIG;
	default:
		return TOOL_EXIT_CARD;
	}
}

int
tool_card_error(struct tool *t, const struct tool_card *c, int rc)
{
	if (c != NULL && c->reader[0] != '\0')
		tool_error(t, _("reader \"%s\": %s"), c->reader,
		    tool_card_strerr(rc));
	else
		tool_error(t, "%s", tool_card_strerr(rc));
	return tool_exit_of(rc);
}

int
tool_opt_reader(struct tool *t, int argc, char **argv, const char **reader)
{
	int i;

	*reader = NULL;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-r") != 0 &&
		    strcmp(argv[i], "--reader") != 0)
			break;
		if (i + 1 >= argc) {
			tool_error(t, _("%s needs a reader name"), argv[i]);
			return -1;
		}
		*reader = argv[++i];
	}
	return i;
}

/* The readers that hold a card (TP_ST_PRESENT), by tp_wait. */
static int
present(tp_t *tp, const char *reader)
{
	struct tp_rstate st;

	memset(&st, 0, sizeof(st));
	st.reader = reader;
	if (tp_wait(tp, &st, 1, 0) != EBID_OK)
		return 0;
	return (st.state & TP_ST_PRESENT) != 0;
}

/* Exact name first, then a unique part of a name. */
static int
pick_named(struct tool *t, char **names, size_t n, const char *want,
    struct tool_card *c)
{
	size_t i, hits = 0, hit = 0;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], want) == 0) {
			snprintf(c->reader, sizeof(c->reader), "%s", names[i]);
			return EBID_OK;
		}
	for (i = 0; i < n; i++)
		if (strstr(names[i], want) != NULL) {
			hits++;
			hit = i;
		}
	if (hits == 1) {
		snprintf(c->reader, sizeof(c->reader), "%s", names[hit]);
		return EBID_OK;
	}
	if (hits > 1)
		tool_error(t, _("\"%s\" names several readers: give the whole "
		    "name (ebid-tool readers lists them)"), want);
	else
		tool_error(t, _("no reader is named \"%s\" (ebid-tool "
		    "readers lists them)"), want);
	return EBID_ERR_ARG;
}

/* No name given: the only reader that holds a card. */
static int
pick_only(struct tool *t, tp_t *tp, char **names, size_t n,
    struct tool_card *c)
{
	size_t i, cards = 0;

	for (i = 0; i < n; i++)
		if (present(tp, names[i]) && cards++ == 0)
			snprintf(c->reader, sizeof(c->reader), "%s", names[i]);
	if (cards == 1)
		return EBID_OK;
	if (cards == 0)
		return EBID_ERR_NO_CARD;
	tool_error(t, "%s", _("several readers hold a card: choose one with "
	    "-r READER"));
	for (i = 0; i < n; i++)
		if (present(tp, names[i]))
			fprintf(t->err, "  %s\n", names[i]);
	return EBID_ERR_ARG;
}

static int
choose_reader(struct tool *t, const char *want, struct tool_card *c)
{
	char **names = NULL;
	size_t n = 0;
	int rc;

	if ((rc = tp_readers(c->tp, &names, &n)) != EBID_OK)
		return rc;
	if (n == 0)
		rc = EBID_ERR_NO_READER;
	else if (want != NULL)
		rc = pick_named(t, names, n, want, c);
	else
		rc = pick_only(t, c->tp, names, n, c);
	tp_readers_free(&names, n);
	return rc;
}

/* The fields of c that the subcommands read, from the one read (ic). */
static void
card_view(struct tool_card *c)
{
	const struct insp_card *ic = &c->ic;

	memcpy(c->atr, ic->atr, ic->atr_len);
	c->atr_len = ic->atr_len;
	c->prof = ic->prof;
	c->jpki = ic->jpki == 1;
	c->cert = ic->cert;
	c->ca = ic->ca;
	c->serial[0] = '\0';
	if (ic->serial.len > 0)
		hex_encode(ic->serial.ptr, ic->serial.len, c->serial,
		    sizeof(c->serial), HEX_UPPER);
	c->pin = ic->pin;
	c->tc = ic->tc;
	c->card = ic->card;
}

/*
 * Chooses the reader and reads the card with insp_card_read, the
 * module's own reader (src/inspect/), pausing between its steps for the
 * tests.  Prints nothing but a reader-choice error; EBID_OK when the
 * card can be judged (tool_card_decide).
 */
int
tool_card_open(struct tool *t, const char *reader, struct tool_card *c)
{
	int rc;

	if ((rc = tool_conf(t)) != TOOL_EXIT_OK)
		return set_rc(c, EBID_ERR_CONFIG);
	if ((rc = tool_tp_new(t, &c->tp)) != EBID_OK ||
	    (rc = choose_reader(t, reader, c)) != EBID_OK)
		return set_rc(c, rc);
	rc = insp_card_read(c->tp, c->reader, t->conf, tool_test_delay,
	    &c->ic);
	card_view(c);
	return set_rc(c, rc);
}

/* The one decision about the card just read, as the module makes it. */
int
tool_card_decide(struct tool *t, const struct tool_card *c,
    struct pol_decision *d)
{
	int rc;

	memset(d, 0, sizeof(*d));
	if ((rc = tool_trust(t)) != TOOL_EXIT_OK)
		return rc;
	if (insp_card_decide(&c->ic, t->trust, tool_now(t), d) != EBID_OK) {
		tool_error(t, "%s", _("the policy decision failed (out of "
		    "memory?)"));
		return TOOL_EXIT_INTERNAL;
	}
	return TOOL_EXIT_OK;
}

/* tool_card_open, with the error said and turned into an exit code. */
int
tool_card_read(struct tool *t, const char *reader, struct tool_card *c)
{
	int rc;

	if ((rc = tool_card_open(t, reader, c)) == EBID_OK)
		return TOOL_EXIT_OK;
	if (rc == EBID_ERR_ARG)		/* already said: reader choice */
		return TOOL_EXIT_USAGE;
	if (rc == EBID_ERR_CONFIG)	/* already said by tool_conf */
		return TOOL_EXIT_CONFIG;
	return tool_card_error(t, c, rc);
}

void
tool_card_reset(struct tool_card *c)
{
	if (c == NULL)
		return;
	insp_card_reset(&c->ic);
	tp_free(&c->tp);
	memset(c, 0, sizeof(*c));
}

/* Certificate facts ------------------------------------------------- */

void
tool_cert_text(X509 *x, int nid, char *out, size_t n)
{
	X509_NAME *name = X509_get_subject_name(x);
	const ASN1_STRING *s;
	unsigned char *u = NULL;
	int i, len;

	out[0] = '\0';
	if (name == NULL || (i = X509_NAME_get_index_by_NID(name, nid, -1)) <
	    0)
		return;
	s = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i));
	if ((len = ASN1_STRING_to_UTF8(&u, s)) < 0)
		return;
	snprintf(out, n, "%.*s", len, (const char *)u);
	OPENSSL_free(u);
}

void
tool_cert_fp(X509 *x, char *out, size_t n)
{
	uint8_t fp[STORE_FP_LEN];

	out[0] = '\0';
	if (n >= 2 * STORE_FP_LEN + 1 && store_x509_fp(x, fp) == 0)
		hex_encode(fp, sizeof(fp), out, n, HEX_LOWER);
}

void
tool_time_text(const ASN1_TIME *a, char *out, size_t n)
{
	struct tm tm;

	out[0] = '\0';
	if (a == NULL || ASN1_TIME_to_tm(a, &tm) != 1 ||
	    strftime(out, n, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
		snprintf(out, n, "?");
}

const struct conf_authority *
tool_authority(struct tool *t, const struct pol_decision *d)
{
	if (t->trust == NULL || d == NULL || d->auth == NULL)
		return NULL;
	return conf_trust_authority(t->trust, d->auth);
}

const char *
tool_auth_name(const struct tool *t, const struct conf_authority *a)
{
	const char *s;

	if (a == NULL)
		return NULL;
	s = tool_lang(t, a->name_en, a->name_ja);
	return s[0] != '\0' ? s : a->id;
}

static const char *
category_text(enum pol_category c)
{
	switch (c) {
	case POL_CAT_CONSTRUCTION:
		return _("construction");
	case POL_CAT_CONSULTING:
		return _("consulting");
	case POL_CAT_GOODS:
		return _("goods");
	}
	return "?";
}

static void
out_reason(struct tool *t, const char *kind, const char *text)
{
	if (t->json) {
		out_obj_begin(t, NULL, NULL);
		out_str(t, "kind", NULL, kind);
		out_str(t, "text", NULL, text);
		out_obj_end(t);
	} else {
		out_str(t, NULL, NULL, text);
	}
}

/* "verdict": accepted, the bidder it is bound to, every reason. */
void
tool_out_decision(struct tool *t, const struct pol_decision *d)
{
	const struct pol_reasons *r = d->reasons;
	int ok = d->accepted;
	size_t i;

	out_obj_begin(t, "verdict", _("Verdict"));
	out_bool(t, "accepted", _("Accepted"), ok);
	if (!t->json)
		out_text(t, "%s", ok ? _("=> ACCEPTED for e-bidding") :
		    _("=> REFUSED"));
	if (d->audit_relaxed)
		out_bool(t, "audit_relaxed", _("Audit mode (name binding "
		    "not checked)"), 1);
	if (d->bidder != NULL) {
		out_str(t, "vendor", _("Vendor number"), d->bidder->vendor);
		out_str(t, "category", _("Category"), t->json ?
		    pol_category_name(d->bidder->category) :
		    category_text(d->bidder->category));
		out_str(t, "company", _("Company"), d->bidder->company);
	}
	out_list_begin(t, "reasons", ok ? NULL : _("Reasons"));
	for (i = 0; r != NULL && i < r->n; i++)
		out_reason(t, pol_kind_name(r->r[i].kind),
		    tool_lang(t, r->r[i].en, r->r[i].ja));
	if (r != NULL && r->truncated)
		out_reason(t, "more", _("(more reasons not shown)"));
	out_list_end(t);
	out_obj_end(t);
}
