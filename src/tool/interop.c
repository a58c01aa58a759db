/*
 * interop.c - ebid-tool interop: the certification authorities' test
 * kit.  A conformance sequence on one card: ATR and profile, every read,
 * the PIN status (an empty VERIFY: no try spent), an optional login with
 * a PIN the caller supplies (only while the PIN guard allows it), a
 * signature with every mechanism the module offers, each verified with
 * OpenSSL against the card's certificate, and the policy verdict.  Each
 * step passes, fails or is skipped, with a detail and its time.  The
 * report is text, JSON, and JUnit XML.  The PIN is wiped after use and
 * never printed, nor its length.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>

#include "common/dinfo.h"
#include "common/err.h"
#include "common/hex.h"
#include "conf/pinfile.h"
#include "policy/pinguard.h"
#include "tool/tool.h"

enum step {
	S_CONNECT = 0,
	S_PROFILE,
	S_CERT,
	S_CA,
	S_SERIAL,
	S_PIN,
	S_LOGIN,
	S_SHA1,
	S_SHA256,
	S_SHA384,
	S_SHA512,
	S_RAW,
	S_VERDICT,
	S_COUNT,
};

static const struct {
	const char	*id;
	const char	*title;
} steps[] = {
	[S_CONNECT] = { "connect", N_("Reader, connection and ATR") },
	[S_PROFILE] = { "profile", N_("Card profile detection") },
	[S_CERT] = { "read-cert", N_("Read the certificate") },
	[S_CA] = { "read-ca", N_("Read the CA certificate") },
	[S_SERIAL] = { "read-serial", N_("Read the serial number") },
	[S_PIN] = { "pin-status", N_("PIN status (no try spent)") },
	[S_LOGIN] = { "login", N_("Login with the supplied PIN") },
	[S_SHA1] = { "sign-sha1", N_("Sign: CKM_SHA1_RSA_PKCS") },
	[S_SHA256] = { "sign-sha256", N_("Sign: CKM_SHA256_RSA_PKCS") },
	[S_SHA384] = { "sign-sha384", N_("Sign: CKM_SHA384_RSA_PKCS") },
	[S_SHA512] = { "sign-sha512", N_("Sign: CKM_SHA512_RSA_PKCS") },
	[S_RAW] = { "sign-raw", N_("Sign: CKM_RSA_PKCS (DigestInfo)") },
	[S_VERDICT] = { "verdict", N_("Policy verdict") },
};

_Static_assert(sizeof(steps) / sizeof(steps[0]) == S_COUNT,
    "one row per step");
_Static_assert(S_COUNT <= TOOL_STEPS_MAX, "the report holds every step");

/* The module's mechanisms; DigestInfo prefixes from common/dinfo.h. */
static const struct sig_mech {
	enum step		 step;
	const EVP_MD		*(*md)(void);
	const uint8_t		*prefix;
	size_t			 prefix_len;
	int			 raw;	/* CKM_RSA_PKCS, a DigestInfo */
} mechs[] = {
	{ S_SHA1, EVP_sha1, ebid_di_sha1, sizeof(ebid_di_sha1), 0 },
	{ S_SHA256, EVP_sha256, ebid_di_sha256, sizeof(ebid_di_sha256), 0 },
	{ S_SHA384, EVP_sha384, ebid_di_sha384, sizeof(ebid_di_sha384), 0 },
	{ S_SHA512, EVP_sha512, ebid_di_sha512, sizeof(ebid_di_sha512), 0 },
	{ S_RAW, EVP_sha256, ebid_di_sha256, sizeof(ebid_di_sha256), 1 },
};

struct iop {
	struct tool		*t;
	struct tool_card	 c;
	struct tool_report	*r;
	struct pol_decision	 d;
	int			 decided;
	uint8_t			 pin[CARD_PIN_MAX + 1];
	size_t			 pin_len;
	int			 have_pin;
	int			 logged_in;
	int			 gone;	/* the card error that ended it */
	long			 ms;	/* the step's time; -1: since t0 */
	const char		*stop;	/* why later card steps skip */
	struct timespec		 t0;
};

/* Report ------------------------------------------------------------ */

const char *
tool_step_status_name(enum tool_step_status s)
{
	switch (s) {
	case TOOL_STEP_PASS:
		return "pass";
	case TOOL_STEP_FAIL:
		return "fail";
	case TOOL_STEP_SKIP:
		return "skip";
	}
	return "fail";
}

int
tool_report_passed(const struct tool_report *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->steps[i].status != TOOL_STEP_PASS)
			return 0;
	return r->n > 0;
}

static size_t
count(const struct tool_report *r, enum tool_step_status s)
{
	size_t i, n = 0;

	for (i = 0; i < r->n; i++)
		n += r->steps[i].status == s;
	return n;
}

static const char *
status_label(enum tool_step_status s)
{
	switch (s) {
	case TOOL_STEP_PASS:
		return _("PASS");
	case TOOL_STEP_FAIL:
		return _("FAIL");
	case TOOL_STEP_SKIP:
		return _("SKIP");
	}
	return "?";
}

static void
report_human(struct tool *t, const struct tool_report *r)
{
	const struct tool_step *s;
	size_t i;

	out_text(t, "%s: %s", _("Reader"), r->reader[0] ? r->reader : "-");
	out_text(t, "%s: %s", _("ATR"), r->atr[0] ? r->atr : "-");
	out_text(t, "%s: %s", _("Started"), r->started);
	for (i = 0; i < r->n; i++) {
		s = &r->steps[i];
		out_text(t, "[%s] %s (%ld ms)%s%s", status_label(s->status),
		    s->title, s->ms, s->detail[0] ? ": " : "", s->detail);
	}
	out_text(t, _("Result: %s (%zu passed, %zu failed, %zu skipped)"),
	    tool_report_passed(r) ? _("PASSED") : _("FAILED"),
	    count(r, TOOL_STEP_PASS), count(r, TOOL_STEP_FAIL),
	    count(r, TOOL_STEP_SKIP));
}

void
tool_report_out(struct tool *t, const struct tool_report *r)
{
	const struct tool_step *s;
	size_t i;

	out_begin(t);
	if (!t->json) {
		report_human(t, r);
		out_end(t);
		return;
	}
	out_str(t, "reader", NULL, r->reader);
	out_str(t, "atr", NULL, r->atr);
	out_str(t, "started", NULL, r->started);
	out_str(t, "result", NULL, tool_report_passed(r) ? "pass" : "fail");
	out_int(t, "passed", NULL, (long long)count(r, TOOL_STEP_PASS));
	out_int(t, "failed", NULL, (long long)count(r, TOOL_STEP_FAIL));
	out_int(t, "skipped", NULL, (long long)count(r, TOOL_STEP_SKIP));
	out_list_begin(t, "steps", NULL);
	for (i = 0; i < r->n; i++) {
		s = &r->steps[i];
		out_obj_begin(t, NULL, NULL);
		out_str(t, "id", NULL, s->id);
		out_str(t, "title", NULL, s->title);
		out_str(t, "status", NULL, tool_step_status_name(s->status));
		out_str(t, "detail", NULL, s->detail);
		out_int(t, "ms", NULL, s->ms);
		out_obj_end(t);
	}
	out_list_end(t);
	out_end(t);
}

/*
 * XML 1.0 text: the five entities; other control bytes become '?'; a byte
 * that starts no valid UTF-8 character becomes U+FFFD.
 */
static void
xml_text(FILE *f, const char *s)
{
	const unsigned char *p;
	size_t n;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p >= 0x80) {
			if ((n = tool_utf8_len((const char *)p)) == 0) {
				fputs(TOOL_UTF8_BAD, f);
			} else {
				fwrite(p, 1, n, f);
				p += n - 1;
			}
			continue;
		}
		switch (*p) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&apos;", f);
			break;
		default:
			fputc(*p < 0x20 && *p != '\t' && *p != '\n' ? '?' :
			    *p, f);
		}
	}
}

int
tool_report_junit(FILE *f, const struct tool_report *r)
{
	const struct tool_step *s;
	long total = 0;
	size_t i;

	for (i = 0; i < r->n; i++)
		total += r->steps[i].ms;
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	fprintf(f, "<testsuites>\n<testsuite name=\"ebid-tool interop\" "
	    "tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\" "
	    "time=\"%ld.%03ld\" timestamp=\"", r->n,
	    count(r, TOOL_STEP_FAIL), count(r, TOOL_STEP_SKIP),
	    total / 1000, total % 1000);
	xml_text(f, r->started);
	fprintf(f, "\" hostname=\"");
	xml_text(f, r->reader);
	fprintf(f, "\">\n");
	for (i = 0; i < r->n; i++) {
		s = &r->steps[i];
		fprintf(f, "  <testcase classname=\"ebid-tool.interop\" "
		    "name=\"");
		xml_text(f, s->id);
		fprintf(f, "\" time=\"%ld.%03ld\"", s->ms / 1000,
		    s->ms % 1000);
		if (s->status == TOOL_STEP_PASS) {
			fprintf(f, "/>\n");
			continue;
		}
		fprintf(f, ">\n    <%s message=\"", s->status ==
		    TOOL_STEP_FAIL ? "failure" : "skipped");
		xml_text(f, s->detail);
		fprintf(f, "\"/>\n  </testcase>\n");
	}
	fprintf(f, "</testsuite>\n</testsuites>\n");
	return ferror(f) ? -1 : 0;
}

/* Steps ------------------------------------------------------------- */

static long
elapsed_ms(const struct timespec *a)
{
	struct timespec b;

	clock_gettime(CLOCK_MONOTONIC, &b);
	return (long)(b.tv_sec - a->tv_sec) * 1000 +
	    (b.tv_nsec - a->tv_nsec) / 1000000;
}

static void
begin(struct iop *o)
{
	tool_test_delay();
	clock_gettime(CLOCK_MONOTONIC, &o->t0);
}

static void
end(struct iop *o, enum step s, enum tool_step_status st,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void
end(struct iop *o, enum step s, enum tool_step_status st,
    const char *fmt, ...)
{
	struct tool_step *p = &o->r->steps[o->r->n++];
	va_list ap;

	p->id = steps[s].id;
	p->title = _(steps[s].title);
	p->status = st;
	p->ms = st == TOOL_STEP_SKIP ? 0 : o->ms >= 0 ? o->ms :
	    elapsed_ms(&o->t0);
	o->ms = -1;
	va_start(ap, fmt);
	vsnprintf(p->detail, sizeof(p->detail), fmt, ap);
	va_end(ap);
}

/* A card step failed: fail it; a lost card stops the card steps. */
static void
card_fail(struct iop *o, enum step s, int rc)
{
	end(o, s, TOOL_STEP_FAIL, "%s", tool_card_strerr(rc));
	if (insp_rc_lost(rc) && o->gone == 0) {
		o->gone = rc;
		if (o->stop == NULL)
			o->stop = _("skipped: the card is gone");
	}
}

/* 1 when the step runs; else it was recorded as skipped. */
static int
may_run(struct iop *o, enum step s)
{
	if (o->stop == NULL)
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &o->t0);
	end(o, s, TOOL_STEP_SKIP, "%s", o->stop);
	return 0;
}

/*
 * A step of the one read (insp_card_read, the module's own): 1 when it
 * passed (the caller records it), else 0 (recorded here).
 */
static int
read_step(struct iop *o, enum step s, enum insp_step is)
{
	int rc = o->c.ic.rc[is];

	if (!may_run(o, s))
		return 0;
	o->ms = o->c.ic.ms[is];
	if (rc == INSP_NOT_RUN) {	/* an earlier step ended the read */
		end(o, s, TOOL_STEP_SKIP, "%s", _("skipped: the card is gone"));
		return 0;
	}
	if (rc != EBID_OK) {
		card_fail(o, s, rc);
		return 0;
	}
	return 1;
}

static void
step_connect(struct iop *o, const char *reader)
{
	int rc;

	rc = tool_card_open(o->t, reader, &o->c);
	snprintf(o->r->reader, sizeof(o->r->reader), "%s", o->c.reader);
	hex_encode(o->c.atr, o->c.atr_len, o->r->atr, sizeof(o->r->atr),
	    HEX_UPPER);
	o->ms = o->c.ic.ms[INSP_CONNECT];
	if (o->c.tc == NULL) {
		o->stop = _("skipped: no card");
		card_fail(o, S_CONNECT, rc);
		return;
	}
	end(o, S_CONNECT, TOOL_STEP_PASS, _("reader \"%s\", ATR %s"),
	    o->c.reader, o->r->atr);
}

static void
step_profile(struct iop *o)
{
	if (!may_run(o, S_PROFILE))
		return;
	o->ms = 0;
	if (o->c.jpki) {
		end(o, S_PROFILE, TOOL_STEP_FAIL, "%s", _("My Number card "
		    "(JPKI): not usable for e-bidding (FAQ Q2-6)"));
		o->stop = _("skipped: a My Number card");
	} else if (o->c.prof == NULL) {
		end(o, S_PROFILE, TOOL_STEP_FAIL, "%s",
		    tool_card_strerr(EBID_ERR_UNSUPPORTED));
		o->stop = _("skipped: no card profile");
	} else {
		end(o, S_PROFILE, TOOL_STEP_PASS, o->c.prof->atr_len > 0 ?
		    _("profile \"%s\", chosen by the card's ATR") :
		    _("profile \"%s\", the default (it names no ATR)"),
		    o->c.prof->name);
	}
}

static void
step_cert(struct iop *o)
{
	char cn[CONF_TEXT_MAX];

	if (read_step(o, S_CERT, INSP_CERT) != 1) {
		if (o->stop == NULL)
			o->stop = _("skipped: no certificate");
		return;
	}
	tool_cert_text(o->c.cert, NID_commonName, cn, sizeof(cn));
	end(o, S_CERT, TOOL_STEP_PASS, _("holder \"%s\", RSA %d bits"), cn,
	    EVP_PKEY_get_bits(X509_get0_pubkey(o->c.cert)));
}

static void
step_ca(struct iop *o)
{
	char cn[CONF_TEXT_MAX];

	if (o->stop == NULL && o->c.prof->card.ca_fid == 0) {
		o->ms = 0;
		end(o, S_CA, TOOL_STEP_SKIP, "%s", _("the profile names no "
		    "CA certificate file"));
		return;
	}
	if (read_step(o, S_CA, INSP_CA) != 1)
		return;
	if (o->c.ca == NULL) {
		card_fail(o, S_CA, EBID_ERR_PARSE);
		return;
	}
	tool_cert_text(o->c.ca, NID_commonName, cn, sizeof(cn));
	end(o, S_CA, TOOL_STEP_PASS, _("CA \"%s\"%s"), cn,
	    X509_check_issued(o->c.ca, o->c.cert) == X509_V_OK ? "" :
	    _(" (did NOT issue the card's certificate)"));
}

static void
step_serial(struct iop *o)
{
	if (read_step(o, S_SERIAL, INSP_SERIAL) == 1)
		end(o, S_SERIAL, TOOL_STEP_PASS, "%s", o->c.serial);
}

/*
 * The read's count, then a second status read: the count must not move
 * (an empty VERIFY spends nothing).
 */
static void
step_pin(struct iop *o)
{
	struct card_pin_status again;
	int rc, first = o->c.pin.tries;

	if (o->stop == NULL && o->c.prof->pin_counter) {
		o->ms = 0;
		end(o, S_PIN, TOOL_STEP_PASS, "%s", _("not asked: the card "
		    "does not tell its tries (pin_status = counter), the "
		    "module counts them"));
		return;
	}
	if (read_step(o, S_PIN, INSP_PIN) != 1)
		return;
	begin(o);
	if ((rc = card_pin_status(o->c.card, &again)) != EBID_OK) {
		card_fail(o, S_PIN, rc);
		return;
	}
	o->ms += elapsed_ms(&o->t0);
	if (again.tries != first)
		end(o, S_PIN, TOOL_STEP_FAIL, _("the count moved from %d to %d "
		    "between two status reads"), first, again.tries);
	else if (first < 0)
		end(o, S_PIN, TOOL_STEP_FAIL, "%s", _("the card does not tell "
		    "how many tries are left"));
	else
		end(o, S_PIN, TOOL_STEP_PASS, _("%d tries left%s"), first,
		    o->c.pin.blocked ? _(", BLOCKED") : "");
}

struct gate_arg {
	int	lock;
	int	reserve;
	int	held;	/* the guard's tries left when it held */
};

static int
guard(int tries, struct gate_arg *g)
{
	struct pol_pin_view v;

	if (pol_pin_guard(tries, g->lock, g->reserve, &v) != EBID_OK ||
	    !v.allowed) {
		g->held = tries;
		return EBID_ERR_PIN_GUARD;
	}
	return EBID_OK;
}

/* Inside the VERIFY's transaction, from the status just read. */
static int
gate(const struct card_pin_status *st, void *arg)
{
	if (st->blocked)
		return EBID_ERR_PIN_BLOCKED;
	return guard(st->tries, arg);
}

static int
lock_count(struct iop *o)
{
	const struct conf_authority *a;

	a = o->decided ? tool_authority(o->t, &o->d) : NULL;
	return pol_pin_lock_count(a != NULL ? a->pin_lock_count : 0,
	    o->c.pin.tries, NULL);
}

/* VERIFY behind the guard; for counter profiles, with the count file. */
static int
verify(struct iop *o, struct gate_arg *g, int *tries)
{
	struct conf_pinfile *pf = NULL;
	int rc, wrong;

	if (!o->c.prof->pin_counter)
		return card_pin_verify_gated(o->c.card, o->pin, o->pin_len, 0,
		    gate, g, tries);
	if ((rc = tool_pin_counter_open(o->t, &o->c, &o->d, &pf)) != EBID_OK)
		return EBID_ERR_PIN_GUARD;
	wrong = conf_pinfile_wrong(pf);
	*tries = pol_pin_left_counted(wrong, g->lock);
	/* counted before it is sent: a lost answer still counts (pinfile.h) */
	if ((rc = guard(*tries, g)) == EBID_OK &&
	    (rc = conf_pinfile_begin(pf)) == EBID_OK) {
		rc = card_pin_verify(o->c.card, o->pin, o->pin_len, tries);
		conf_pinfile_end(pf, rc);
	}
	conf_pinfile_close(&pf);
	return rc;
}

static void
step_login(struct iop *o)
{
	struct gate_arg g;
	int rc, tries = -1;

	if (!o->have_pin) {
		clock_gettime(CLOCK_MONOTONIC, &o->t0);
		end(o, S_LOGIN, TOOL_STEP_SKIP, "%s", _("no PIN supplied "
		    "(--pin-env VAR or --pin-stdin)"));
		return;
	}
	if (!may_run(o, S_LOGIN))
		return;
	if (!o->decided || !o->d.accepted) {
		/* as the module: a refused card never receives a PIN */
		clock_gettime(CLOCK_MONOTONIC, &o->t0);
		end(o, S_LOGIN, TOOL_STEP_SKIP, "%s", _("the card is refused "
		    "by the policy (see the verdict): no PIN is sent to it"));
		return;
	}
	begin(o);
	g.lock = lock_count(o);
	g.reserve = o->t->trust != NULL ? o->t->trust->reserve :
	    POL_PIN_RESERVE_DEFAULT;
	g.held = -1;
	rc = verify(o, &g, &tries);
	if (rc == EBID_OK) {
		o->logged_in = 1;
		end(o, S_LOGIN, TOOL_STEP_PASS, "%s", _("PIN accepted"));
	} else if (rc == EBID_ERR_PIN_GUARD) {
		end(o, S_LOGIN, TOOL_STEP_FAIL, _("the PIN guard holds (%d "
		    "tries left, %d kept in reserve): no PIN was sent"),
		    g.held, g.reserve);
	} else if (rc == EBID_ERR_PIN_INCORRECT) {
		end(o, S_LOGIN, TOOL_STEP_FAIL, _("wrong PIN: %d tries left"),
		    tries);
	} else {
		card_fail(o, S_LOGIN, rc);
	}
}

static int
check_sig(X509 *x, const struct sig_mech *m, const uint8_t *h,
    size_t hlen, const uint8_t *di, size_t dilen, const blob_t *sig)
{
	EVP_PKEY_CTX *ctx;
	uint8_t rec[1024];
	size_t reclen = sizeof(rec);
	int ok = 0;

	if ((ctx = EVP_PKEY_CTX_new(X509_get0_pubkey(x), NULL)) == NULL)
		return 0;
	if (m->raw) {
		ok = EVP_PKEY_verify_recover_init(ctx) == 1 &&
		    EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) == 1 &&
		    EVP_PKEY_verify_recover(ctx, rec, &reclen, sig->ptr,
		    sig->len) == 1 && reclen == dilen &&
		    memcmp(rec, di, dilen) == 0;
	} else {
		ok = EVP_PKEY_verify_init(ctx) == 1 &&
		    EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) == 1 &&
		    EVP_PKEY_CTX_set_signature_md(ctx, m->md()) == 1 &&
		    EVP_PKEY_verify(ctx, sig->ptr, sig->len, h, hlen) == 1;
	}
	EVP_PKEY_CTX_free(ctx);
	return ok;
}

static void
step_sign(struct iop *o, const struct sig_mech *m)
{
	static const char msg[] = "ebid-tool interop: signature test";
	uint8_t di[19 + EVP_MAX_MD_SIZE];
	unsigned int hlen = 0;
	blob_t sig = { 0 };
	struct gate_arg g;
	size_t kb;
	int rc, tries;

	if (!may_run(o, m->step))
		return;
	if (!o->logged_in) {
		clock_gettime(CLOCK_MONOTONIC, &o->t0);
		end(o, m->step, TOOL_STEP_SKIP, "%s", _("skipped: not logged "
		    "in"));
		return;
	}
	begin(o);
	memcpy(di, m->prefix, m->prefix_len);
	if (EVP_Digest(msg, sizeof(msg) - 1 + (size_t)m->raw, di +
	    m->prefix_len, &hlen, m->md(), NULL) != 1) {
		end(o, m->step, TOOL_STEP_FAIL, "%s", _("hashing failed"));
		return;
	}
	kb = (size_t)EVP_PKEY_get_size(X509_get0_pubkey(o->c.cert));
	g.lock = lock_count(o);
	g.reserve = o->t->trust != NULL ? o->t->trust->reserve :
	    POL_PIN_RESERVE_DEFAULT;
	if (o->c.prof->always_auth && (rc = verify(o, &g, &tries)) !=
	    EBID_OK) {
		card_fail(o, m->step, rc);
		return;
	}
	if ((rc = card_sign(o->c.card, di, m->prefix_len + hlen, kb, &sig)) !=
	    EBID_OK)
		card_fail(o, m->step, rc);
	else if (sig.len != kb || !check_sig(o->c.cert, m, di +
	    m->prefix_len, hlen, di, m->prefix_len + hlen, &sig))
		end(o, m->step, TOOL_STEP_FAIL, _("the signature (%zu bytes) "
		    "does not verify against the certificate"), sig.len);
	else
		end(o, m->step, TOOL_STEP_PASS, _("%zu-byte signature "
		    "verified with the certificate's key"), sig.len);
	blob_reset(&sig);
}

static void
step_verdict(struct iop *o)
{
	const struct pol_reasons *rs = o->d.reasons;
	char *p;
	size_t i, room;

	begin(o);
	if (o->c.jpki) {
		end(o, S_VERDICT, TOOL_STEP_FAIL, "%s", _("REFUSED: My Number "
		    "card (JPKI): not usable for e-bidding (FAQ Q2-6)"));
		return;
	}
	if (!o->decided) {
		end(o, S_VERDICT, TOOL_STEP_SKIP, "%s", _("skipped: no "
		    "certificate to decide on"));
		return;
	}
	if (o->d.accepted) {
		end(o, S_VERDICT, TOOL_STEP_PASS, _("ACCEPTED (authority %s)"),
		    tool_auth_name(o->t, tool_authority(o->t, &o->d)));
		return;
	}
	end(o, S_VERDICT, TOOL_STEP_FAIL, "%s", _("REFUSED:"));
	p = o->r->steps[o->r->n - 1].detail;
	for (i = 0; rs != NULL && i < rs->n; i++) {
		room = TOOL_DETAIL_MAX - strlen(p);
		snprintf(p + strlen(p), room, "%s%s", i ? "; " : " ",
		    tool_lang(o->t, rs->r[i].en, rs->r[i].ja));
	}
}

/* Options and the PIN ------------------------------------------------ */

static int
pin_take(struct iop *o, const char *s, size_t n)
{
	if (n == 0 || n > CARD_PIN_MAX) {
		tool_error(o->t, "%s", _("the supplied PIN is empty or too "
		    "long"));
		return TOOL_EXIT_USAGE;
	}
	memcpy(o->pin, s, n);
	o->pin_len = n;
	o->have_pin = 1;
	return TOOL_EXIT_OK;
}

static int
pin_from_env(struct iop *o, const char *var)
{
	char *v = getenv(var);
	size_t n;
	int rc;

	if (v == NULL) {
		tool_error(o->t, _("--pin-env: the variable %s is not set"),
		    var);
		return TOOL_EXIT_USAGE;
	}
	n = strlen(v);
	rc = pin_take(o, v, n);
	explicit_bzero(v, n);	/* no copy stays in the environment */
	return rc;
}

static int
pin_from_stdin(struct iop *o)
{
	char line[CARD_PIN_MAX + 3];
	size_t n;
	int rc;

	memset(line, 0, sizeof(line));
	/* unbuffered: no copy of the PIN is left in stdio's buffer */
	setvbuf(stdin, NULL, _IONBF, 0);
	if (fgets(line, sizeof(line), stdin) == NULL) {
		tool_error(o->t, "%s", _("--pin-stdin: no PIN on the standard "
		    "input"));
		return TOOL_EXIT_USAGE;
	}
	n = strcspn(line, "\r\n");
	rc = pin_take(o, line, n);
	explicit_bzero(line, sizeof(line));
	return rc;
}

static int
parse(struct iop *o, int argc, char **argv, const char **reader,
    const char **dir)
{
	int i, rc = TOOL_EXIT_OK;

	*reader = *dir = NULL;
	for (i = 1; i < argc && rc == TOOL_EXIT_OK; i++) {
		if ((strcmp(argv[i], "-r") == 0 ||
		    strcmp(argv[i], "--reader") == 0) && i + 1 < argc)
			*reader = argv[++i];
		else if (strcmp(argv[i], "--report") == 0 && i + 1 < argc)
			*dir = argv[++i];
		else if (strcmp(argv[i], "--pin-env") == 0 && i + 1 < argc &&
		    !o->have_pin)
			rc = pin_from_env(o, argv[++i]);
		else if (strcmp(argv[i], "--pin-stdin") == 0 && !o->have_pin)
			rc = pin_from_stdin(o);
		else
			rc = -1;
	}
	if (rc == -1) {
		tool_error(o->t, "%s", _("usage: ebid-tool interop [-r READER] "
		    "[--pin-env VAR | --pin-stdin] [--report DIR]"));
		rc = TOOL_EXIT_USAGE;
	}
	return rc;
}

static int
write_file(struct tool *t, const char *dir, const char *name,
    const struct tool_report *r)
{
	char path[CONF_PATH_MAX], tmp[CONF_PATH_MAX + 8];
	FILE *f = NULL, *save = t->out;
	int json = t->json, bad, fd;

	if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
		tool_error(t, _("%s: cannot write the report: %s"), dir,
		    strerror(errno));
		return TOOL_EXIT_IO;
	}
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    sizeof(path) || (size_t)snprintf(tmp, sizeof(tmp), "%s.tmp",
	    path) >= sizeof(tmp)) {
		tool_error(t, _("%s: cannot write the report: %s"), dir,
		    strerror(ENAMETOOLONG));
		return TOOL_EXIT_IO;
	}
	/* never through a link planted at the temporary name */
	(void)unlink(tmp);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0644)) < 0 || (f = fdopen(fd, "w")) == NULL) {
		if (fd >= 0)
			close(fd);
		tool_error(t, _("%s: cannot write the report: %s"), tmp,
		    strerror(errno));
		return TOOL_EXIT_IO;
	}
	if (strstr(name, ".xml") != NULL) {
		bad = tool_report_junit(f, r) != 0;
	} else {
		t->out = f;
		t->json = 1;
		tool_report_out(t, r);
		t->out = save;
		t->json = json;
		bad = ferror(f);
	}
	if (fflush(f) != 0 || fsync(fileno(f)) != 0)
		bad = 1;
	if (fclose(f) != 0 || bad || rename(tmp, path) != 0) {
		tool_error(t, _("%s: cannot write the report: %s"), path,
		    strerror(errno));
		(void)remove(tmp);
		return TOOL_EXIT_IO;
	}
	return TOOL_EXIT_OK;
}

static void
run_steps(struct iop *o, const char *reader)
{
	size_t i;

	o->ms = -1;
	step_connect(o, reader);
	if (o->c.rc == EBID_OK && o->c.cert != NULL &&
	    tool_card_decide(o->t, &o->c, &o->d) == TOOL_EXIT_OK)
		o->decided = 1;		/* exactly the module's decision */
	step_profile(o);
	step_cert(o);
	step_ca(o);
	step_serial(o);
	step_pin(o);
	step_login(o);
	for (i = 0; i < sizeof(mechs) / sizeof(mechs[0]); i++)
		step_sign(o, &mechs[i]);	/* always_auth: the PIN again */
	explicit_bzero(o->pin, sizeof(o->pin));
	step_verdict(o);
}

int
tool_cmd_interop(struct tool *t, int argc, char **argv)
{
	struct iop *o;
	const char *reader, *dir;
	struct tm tm;
	time_t now = time(NULL);
	int rc;

	if ((o = calloc(1, sizeof(*o))) == NULL ||
	    (o->r = calloc(1, sizeof(*o->r))) == NULL) {
		free(o);
		return TOOL_EXIT_INTERNAL;
	}
	o->t = t;
	if ((rc = parse(o, argc, argv, &reader, &dir)) != TOOL_EXIT_OK ||
	    (rc = tool_trust(t)) != TOOL_EXIT_OK)
		goto out;
	gmtime_r(&now, &tm);
	strftime(o->r->started, sizeof(o->r->started), "%Y-%m-%dT%H:%M:%SZ",
	    &tm);
	run_steps(o, reader);
	tool_report_out(t, o->r);
	rc = tool_report_passed(o->r) ? TOOL_EXIT_OK : TOOL_EXIT_FAIL;
	if (o->gone != 0)
		rc = tool_card_error(t, &o->c, o->gone);
	else if (o->c.tc == NULL && o->c.rc == EBID_ERR_ARG)
		rc = TOOL_EXIT_USAGE;	/* reader choice, already said */
	if (dir != NULL && (write_file(t, dir, "interop.json", o->r) !=
	    TOOL_EXIT_OK || write_file(t, dir, "interop.xml", o->r) !=
	    TOOL_EXIT_OK))
		rc = TOOL_EXIT_IO;
out:
	explicit_bzero(o->pin, sizeof(o->pin));
	pol_decision_reset(&o->d);
	tool_card_reset(&o->c);
	free(o->r);
	free(o);
	return rc;
}
