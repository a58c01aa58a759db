/*
 * test-corpus.c - the differential corpus test (issue 10): every case of
 * cases.c decided by ebid-tool (tool_cmd_show on the certificate file,
 * as "ebid-tool show --json FILE"; tool_cmd_readers on a simulated card
 * for the cases that need the card: its EF 0002, its JPKI AID) and by
 * the module (C_Initialize on the fixture's scripted card, then
 * tok_test_verdict), at the case's time.  Each verdict and set of
 * reason families must equal the other's and the case table's.
 *
 * CORPUS_ONLY=text runs the cases whose name contains text;
 * CORPUS_VERBOSE=1 prints every case; CORPUS_KEEP=1 keeps the files.
 */
#include "config.h"

#include <setjmp.h>
#include <errno.h>
#include <ftw.h>
#include <iconv.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include <openssl/pem.h>

#include "conf/conf.h"
#include "conf/trust.h"
#include "policy/oid.h"
#include "token/token.h"
#include "tool/tool.h"
#include "corpus.h"
#include "../module/p11-fixture.h"

#define TEXT_MAX	512

/* One decider's answer. */
struct verdict {
	int		 err;		/* no verdict: why in text */
	int		 ok;
	unsigned	 fam;
	char		 text[TEXT_MAX];
};

static char dir[64];
static char cfg_path[128];
static char card_path[128];
static time_t now;

static const char *const fam_names[F_COUNT] = {
	[F_JPKI] = "jpki", [F_CORP] = "corporate",
	[F_MALFORMED] = "malformed", [F_DENIED] = "denied",
	[F_TRUST] = "trust", [F_VALIDITY] = "validity",
	[F_POLICY] = "policy", [F_BINDING] = "binding",
	[F_REGISTRY] = "registry", [F_KEY] = "key",
	[F_SIGNATURE] = "signature", [F_USAGE] = "usage",
	[F_CACERT] = "ca-cert", [F_OTHER] = "other",
};

const char *
fam_name(enum fam f)
{
	return f < F_COUNT ? fam_names[f] : "?";
}

enum fam
fam_of(const char *s)
{
	int i;

	for (i = 0; i < F_OTHER; i++)
		if (strcmp(s, fam_names[i]) == 0)
			return (enum fam)i;
	return F_OTHER;
}

void
fam_text(unsigned fam, char *out, size_t n)
{
	size_t off = 0;
	int i;

	snprintf(out, n, "-");
	for (i = 0; i < F_COUNT; i++)
		if (fam & B(i) && off < n)
			off += (size_t)snprintf(out + off, n - off, "%s%s",
			    off ? "+" : "", fam_names[i]);
}

static const char *
path_of(const char *name)
{
	static char p[4][256];
	static unsigned k;

	k = (k + 1) % 4;
	snprintf(p[k], sizeof(p[k]), "%s/%s", dir, name);
	return p[k];
}

static void
put(const char *name, const char *text)
{
	if (gen_write_file(path_of(name), text, strlen(text)) != 0)
		fail_msg("writing %s failed", name);
}

static void
put_pem(const char *name, enum ca a, enum ca b)
{
	FILE *f;

	if ((f = fopen(path_of(name), "w")) == NULL ||
	    PEM_write_X509(f, gen_ca(a)) != 1 ||
	    (b != CA_NONE && PEM_write_X509(f, gen_ca(b)) != 1) ||
	    fclose(f) != 0)
		fail_msg("writing %s failed", name);
}

/* A CRL of CA_ONE revoking one serial. */
static void
put_crl(const char *name, uint64_t serial)
{
	X509_CRL *crl = X509_CRL_new();
	X509_REVOKED *r = X509_REVOKED_new();
	ASN1_INTEGER *sn = ASN1_INTEGER_new();
	ASN1_TIME *t = ASN1_TIME_new();
	FILE *f = NULL;
	int ok;

	ok = crl != NULL && r != NULL && sn != NULL && t != NULL &&
	    X509_CRL_set_version(crl, X509_CRL_VERSION_2) &&
	    X509_CRL_set_issuer_name(crl,
	    X509_get_subject_name(gen_ca(CA_ONE))) &&
	    ASN1_TIME_set(t, CORPUS_T0 - 10 * DAY) &&
	    X509_CRL_set1_lastUpdate(crl, t) &&
	    X509_REVOKED_set_revocationDate(r, t) &&
	    ASN1_TIME_set(t, CORPUS_T0 + 10 * YEAR) &&
	    X509_CRL_set1_nextUpdate(crl, t) &&
	    ASN1_INTEGER_set_uint64(sn, serial) &&
	    X509_REVOKED_set_serialNumber(r, sn) &&
	    X509_CRL_add0_revoked(crl, r);
	if (ok)
		r = NULL;
	ok = ok && X509_CRL_sort(crl) &&
	    X509_CRL_sign(crl, gen_key(K_CA1), EVP_sha256()) > 0 &&
	    (f = fopen(path_of(name), "w")) != NULL &&
	    PEM_write_X509_CRL(f, crl) == 1;
	if (f != NULL && fclose(f) != 0)
		ok = 0;
	X509_REVOKED_free(r);
	ASN1_INTEGER_free(sn);
	ASN1_TIME_free(t);
	X509_CRL_free(crl);
	if (!ok)
		fail_msg("writing %s failed", name);
}

/* The files every case's configuration may name. */
static void
files_make(void)
{
	put_pem("ca-one.pem", CA_ONE, CA_NONE);
	put_pem("ca-two.pem", CA_TWO, CA_NONE);
	put_pem("ca-sub.pem", CA_SUB, CA_NONE);
	put_pem("ca-one-sub.pem", CA_ONE, CA_SUB);
	put_pem("ca-two-one.pem", CA_TWO, CA_ONE);
	put_pem("ca-jsign.pem", CA_JSIGN, CA_NONE);
	put_pem("ca-jauth.pem", CA_JAUTH, CA_NONE);
	put_pem("ca-moj.pem", CA_MOJ, CA_NONE);
	put_pem("ca-registrar.pem", CA_REGISTRAR, CA_NONE);
	put_pem("ca-deny.pem", CA_DENY, CA_DENY2);
	put_pem("ca-nobc.pem", CA_NOBC, CA_NONE);
	put_pem("ca-one-realjpki.pem", CA_ONE, CA_NONE);
	if (mkdir(path_of("certs"), 0700) != 0)
		fail_msg("mkdir certs: %s", strerror(errno));
	put_pem("certs/two.pem", CA_TWO, CA_NONE);
	put_crl("crl-revoked.pem", 0xC0FFEE01);
	put_crl("crl-other.pem", 0xC0FFEE99);
	put("kanji-variants.txt", "# corpus: kanji variants, canonical "
	    "first\n高 髙\n崎 﨑 嵜\n辺 邊 邉\n斎 齋 齊\n沢 澤\n");
}

/* ------------------------------------------------------------------ */
/* The registry                                                        */

#define OTHER_FP \
	"00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF"
#define HDR_JA	"業者番号,区分,商号,代表者,受任者,登録カード"
#define HDR_EN	"vendor number,category,company,representative,delegates,cards"
#define HDR_FW	"Ｖｅｎｄｏｒ　Ｎｕｍｂｅｒ,ＣＡＴＥＧＯＲＹ,company,代表者," \
		"受任者,Ｃａｒｄｓ"

static void
fp_form(const char *fp, enum reg reg, char *out, size_t n)
{
	size_t i, off = 0;

	for (i = 0; i < 64 && off + 4 < n; i += 2) {
		if (reg == REG_COLON && i > 0)
			out[off++] = ':';
		out[off++] = reg == REG_LOWER ? (char)(fp[i] | 0x20 *
		    (fp[i] >= 'A')) : fp[i];
		out[off++] = reg == REG_LOWER ? (char)(fp[i + 1] | 0x20 *
		    (fp[i + 1] >= 'A')) : fp[i + 1];
	}
	out[off] = '\0';
}

static char *
cp932(const char *s)
{
	iconv_t cd = iconv_open("CP932", "UTF-8");
	size_t in = strlen(s), outn = 2 * in + 1;
	char *buf = calloc(1, outn), *ip = (char *)(uintptr_t)s, *op = buf;

	if (cd == (iconv_t)-1 || buf == NULL ||
	    iconv(cd, &ip, &in, &op, &outn) == (size_t)-1)
		fail_msg("iconv to CP932 failed");
	iconv_close(cd);
	return buf;
}

static void
registry_write(const struct ccase *k, X509 *card)
{
	char fp[65], form[128], *text, *sj;
	const char *rep = k->rep ? k->rep : HOLDER, *dels = k->dels ?
	    k->dels : "", *eol = "\r\n", *hdr = HDR_JA, *cat = "建設工事",
	    *xh = "", *x1 = "", *x2 = "", *vendor = "00123", *q = "";
	int n;

	gen_fp(card, fp);
	fp_form(k->reg == REG_NOT ? OTHER_FP : fp, k->reg, form,
	    sizeof(form));
	if (k->reg == REG_EN) {
		hdr = HDR_EN;
		cat = "construction";
		eol = "\n";
	} else if (k->reg == REG_FULLWIDTH) {
		hdr = HDR_FW;
		vendor = "００１２３";
	} else if (k->reg == REG_EXTRA) {
		xh = ",備考";
		x1 = ",メモ";
		x2 = ",";
	} else if (k->reg == REG_EMPTYCOLS) {
		xh = x1 = x2 = ",,";
	} else if (k->reg == REG_QUOTED) {
		q = "\"";
	}
	n = asprintf(&text, "%s%s%s%s"
	    "%s%s%s,%s%s%s,%s%s%s,%s%s%s,%s%s%s,%s%s%s%s%s%s"
	    "00200,物品,別会社,佐藤次郎,,%s%s%s",
	    k->reg == REG_BOM ? "\xEF\xBB\xBF" : "", hdr, xh, eol,
	    q, vendor, q, q, cat, q,
	    q, k->reg == REG_QUOTED ? COMPANY ", 東京支店" : COMPANY, q,
	    q, rep, q, q, dels, q,
	    q, k->reg == REG_TWOCARDS ? OTHER_FP ";" : "", form, q, x1, eol,
	    OTHER_FP, x2, eol);
	if (n < 0)
		fail_msg("asprintf");
	if (k->reg == REG_SJIS) {
		sj = cp932(text);
		put("registry.csv", sj);
		free(sj);
	} else {
		put("registry.csv", text);
	}
	free(text);
}

static void
conf_write(const struct ccase *k)
{
	char *text;
	const char *reg = "registry = registry.csv\n";

	if (k->reg == REG_NONE)
		reg = "";
	else if (k->reg == REG_MISSING)
		reg = "registry = no-such-registry.csv\n";
	if (asprintf(&text, "# test-corpus: %s\n%s%s\n[policy]\n%s%s",
	    k->name, PROFILE, k->auths ? k->auths : A_ONE, reg,
	    k->policy ? k->policy : "") < 0)
		fail_msg("asprintf");
	put("ebid-pkcs11.conf", text);
	free(text);
}

/* ------------------------------------------------------------------ */
/* ebid-tool                                                           */

/* At a '"': the string's value into out; returns the char after it. */
static const char *
json_str(const char *p, char *out, size_t n)
{
	size_t k = 0;

	for (p++; *p != '\0' && *p != '"'; p++) {
		if (*p == '\\' && p[1] != '\0')
			p++;
		if (k + 1 < n)
			out[k++] = *p;
	}
	out[k] = '\0';
	return *p == '"' ? p + 1 : p;
}

/* "verdict": {"accepted": B, ..., "reasons": [{"kind": K, ...}]} */
static int
json_verdict(const char *json, struct verdict *v)
{
	const char *p = strstr(json, "\"verdict\": {");
	char s[TEXT_MAX], key[64] = "";
	int depth = 1, got = 0;

	if (p == NULL)
		return -1;
	for (p += strlen("\"verdict\": {"); *p != '\0' && depth > 0;) {
		if (*p == '"') {
			p = json_str(p, s, sizeof(s));
			while (*p == ' ' || *p == '\n')
				p++;
			if (*p == ':')
				snprintf(key, sizeof(key), "%.63s", s);
			else if (strcmp(key, "kind") == 0)
				v->fam |= B(fam_of(s));
			continue;
		}
		if (*p == '{' || *p == '[')
			depth++;
		else if (*p == '}' || *p == ']')
			depth--;
		else if (depth == 1 && strcmp(key, "accepted") == 0 &&
		    (strncmp(p, "true", 4) == 0 || strncmp(p, "false", 5) == 0)) {
			v->ok = *p == 't';
			got = 1;
		}
		p++;
	}
	return got ? 0 : -1;
}

static void
tool_run(const struct ccase *k, struct simcard *sim, struct verdict *v)
{
	struct tool t;
	char *out = NULL, *err = NULL, *argv[3], *c;
	size_t on = 0, en = 0;
	int rc;

	memset(&t, 0, sizeof(t));
	t.json = 1;
	t.conf_path = cfg_path;
	t.now = now;
	if ((t.out = open_memstream(&out, &on)) == NULL ||
	    (t.err = open_memstream(&err, &en)) == NULL)
		fail_msg("open_memstream");
	if (k->card) {
		t.ops = &corpus_sim_ops;
		t.ops_arg = sim;
		argv[0] = (char *)(uintptr_t)"readers";
		rc = tool_cmd_readers(&t, 1, argv);
	} else {
		argv[0] = (char *)(uintptr_t)"show";
		argv[1] = card_path;
		rc = tool_cmd_show(&t, 2, argv);
	}
	fclose(t.out);
	fclose(t.err);
	if (json_verdict(out, v) != 0) {
		v->err = 1;
		snprintf(v->text, sizeof(v->text), "exit %d, no verdict: %s",
		    rc, err != NULL && *err ? err : out);
		for (c = v->text; *c != '\0'; c++)
			if (*c == '\n')
				*c = ' ';
	}
	conf_trust_free(&t.trust);
	conf_free(&t.conf);
	free(out);
	free(err);
}

/* ------------------------------------------------------------------ */
/* The module                                                          */

static const char *const fx_rd[] = { FX_READER, NULL };

static time_t
corpus_clock(void)
{
	return now;
}

static void
fxc_set(struct fx_cert *c, X509 *x)
{
	int n;

	memset(c, 0, sizeof(*c));
	c->x509 = x;
	if ((n = i2d_X509(x, &c->der)) <= 0)
		fail_msg("i2d_X509");
	c->len = (size_t)n;
}

static void
module_verdict(struct fx *f, const struct ccase *k, struct verdict *v)
{
	CK_SLOT_ID slot;
	CK_ULONG n = 1;
	CK_RV rv;
	unsigned kinds = 0;
	int acc = 0, i;

	if ((rv = p11->C_Initialize(NULL)) != CKR_OK ||
	    (rv = p11->C_GetSlotList(CK_FALSE, &slot, &n)) != CKR_OK ||
	    n != 1) {
		v->err = 1;
		snprintf(v->text, sizeof(v->text), "C_Initialize/"
		    "C_GetSlotList: %s (CORPUS_KEEP=1 keeps %s)",
		    fx_rv_name(rv), path_of("module.log"));
		return;
	}
	fx_card(f);
	if (k->aid)	/* the last step: SELECT of the JPKI AID */
		f->sb.steps[f->sb.ts.nsteps - 1].resp = "90 00";
	if ((rv = tok_test_verdict(slot, &acc, &kinds)) != CKR_OK) {
		v->err = 1;
		snprintf(v->text, sizeof(v->text), "tok_test_verdict: %s",
		    fx_rv_name(rv));
		return;
	}
	v->ok = acc;
	for (i = 0; i < 32; i++)
		if (kinds & (1u << i))
			v->fam |= B(fam_of(pol_kind_name(
			    (enum pol_deny_kind)i)));
	if (!ts_script_ok(&f->sb.ts)) {
		v->err = 1;
		snprintf(v->text, sizeof(v->text), "card script: %s (step %zu "
		    "of %zu)", f->sb.ts.mismatch ? f->sb.ts.why :
		    "steps left unplayed", f->sb.ts.pos, f->sb.ts.nsteps);
	}
}

static void
module_run(const struct ccase *k, X509 *card, X509 *ca, struct verdict *v)
{
	struct fx_cert fc, fca;
	struct fx f;
	CK_RV rv;

	memset(&f, 0, sizeof(f));
	fxc_set(&fc, card);
	if (ca != NULL)
		fxc_set(&fca, ca);
	f.sb.ts.readers = fx_rd;
	f.sb.ts.idle_state = TP_ST_PRESENT;
	f.cert = &fc;
	f.ca = ca != NULL ? &fca : NULL;
	f.serial = FX_SERIAL;
	f.pin_sw = "63 C3";
	memset(&fx_count, 0, sizeof(fx_count));
	setenv("EBID_PKCS11_CONF", cfg_path, 1);
	tok_set_transport(fx_ops, &f.sb.ts);
	tok_set_clock(corpus_clock);
	module_verdict(&f, k, v);
	if ((rv = p11->C_Finalize(NULL)) != CKR_OK &&
	    rv != CKR_CRYPTOKI_NOT_INITIALIZED)
		fail_msg("%s: C_Finalize: %s", k->name, fx_rv_name(rv));
	if (getenv("CORPUS_VERBOSE") != NULL &&
	    (fx_count.ctx_new != fx_count.ctx_free ||
	    fx_count.connect != fx_count.disconnect))
		printf("warning: %s: the module left transport handles open "
		    "(ctx %u/%u, card %u/%u)\n", k->name, fx_count.ctx_new,
		    fx_count.ctx_free, fx_count.connect, fx_count.disconnect);
	tok_set_transport(NULL, NULL);
	tok_set_clock(NULL);
	ts_build_reset(&f.sb);
	OPENSSL_free(fc.der);
	if (ca != NULL)
		OPENSSL_free(fca.der);
}

/* ------------------------------------------------------------------ */
/* One case, and the corpus                                            */

struct tally {
	size_t	 run, accepted, agree, tool_rules, module_rules, failed;
	size_t	 by_fam[F_COUNT];
};

static void
verdict_text(const struct verdict *v, char *out, size_t n)
{
	char f[128];

	if (v->err) {
		snprintf(out, n, "ERROR (%s)", v->text);
		return;
	}
	fam_text(v->fam, f, sizeof(f));
	snprintf(out, n, "%s (%s)", v->ok ? "accepted" : "refused", f);
}

static int
same(const struct verdict *v, int ok, unsigned fam)
{
	return !v->err && v->ok == ok && v->fam == fam;
}

static void
report(const struct ccase *k, const struct verdict *tv,
    const struct verdict *mv, struct tally *t)
{
	/* static: one test thread, and off the 2 KiB stack frame limit */
	static char tt[TEXT_MAX + 64], mt[TEXT_MAX + 64];
	char e[160], f[128];
	int agree = !tv->err && !mv->err && same(mv, tv->ok, tv->fam);
	int tr = same(tv, k->ok, k->fam), mr = same(mv, k->ok, k->fam);

	t->agree += agree ? 1u : 0u;
	t->tool_rules += tr ? 1u : 0u;
	t->module_rules += mr ? 1u : 0u;
	if (agree && tr && mr && getenv("CORPUS_VERBOSE") == NULL)
		return;
	fam_text(k->fam, f, sizeof(f));
	snprintf(e, sizeof(e), "%s (%s)", k->ok ? "accepted" : "refused", f);
	verdict_text(tv, tt, sizeof(tt));
	verdict_text(mv, mt, sizeof(mt));
	t->failed += agree && tr && mr ? 0u : 1u;
	printf("%s %s: rules say %s; tool: %s; module: %s%s\n",
	    agree && tr && mr ? "ok  " : "FAIL", k->name, e, tt, mt,
	    agree ? "" : " [tool and module DISAGREE]");
}

static void
case_run(const struct ccase *k, struct tally *t)
{
	static struct verdict tv, mv;	/* off the stack: 2 KiB frames */
	struct simcard sim;
	X509 *card, *ca = gen_ca(k->card_ca);
	unsigned char *der = NULL, *cader = NULL;
	int i;

	memset(&tv, 0, sizeof(tv));
	memset(&mv, 0, sizeof(mv));
	if ((card = gen_card(&k->c)) == NULL)
		fail_msg("%s: making the certificate failed", k->name);
	now = CORPUS_T0 + k->at;
	if (gen_write_pem(card_path, card) != 0)
		fail_msg("%s: writing the certificate failed", k->name);
	conf_write(k);
	if (k->reg != REG_NONE && k->reg != REG_MISSING)
		registry_write(k, card);
	memset(&sim, 0, sizeof(sim));
	sim.jpki = k->aid;
	if (k->card) {
		i = i2d_X509(card, &der);
		sim.cert = der;
		sim.cert_len = i > 0 ? (size_t)i : 0;
		i = ca != NULL ? i2d_X509(ca, &cader) : 0;
		sim.ca = cader;
		sim.ca_len = i > 0 ? (size_t)i : 0;
	}
	tool_run(k, &sim, &tv);
	module_run(k, card, ca, &mv);
	t->run++;
	t->accepted += k->ok ? 1u : 0u;
	for (i = 0; i < F_COUNT; i++)
		t->by_fam[i] += !k->ok && (k->fam & B(i)) != 0 ? 1u : 0u;
	report(k, &tv, &mv, t);
	if (sim.handles != 0)
		fail_msg("%s: ebid-tool left the card connected", k->name);
	OPENSSL_free(der);
	OPENSSL_free(cader);
	X509_free(card);
}

static void
summary(const struct tally *t)
{
	char fams[512];
	size_t off = 0;
	int i;

	fams[0] = '\0';
	for (i = 0; i < F_COUNT; i++)
		if (t->by_fam[i] != 0 && off < sizeof(fams))
			off += (size_t)snprintf(fams + off, sizeof(fams) - off,
			    "%s%s %zu", off ? ", " : "", fam_name(i),
			    t->by_fam[i]);
	printf("corpus: %zu cases, %zu accepted, refused by family: %s; "
	    "tool/module agree on %zu/%zu; tool follows the rules on "
	    "%zu/%zu, module on %zu/%zu\n", t->run, t->accepted, fams,
	    t->agree, t->run, t->tool_rules, t->run, t->module_rules, t->run);
}

static void
test_corpus(void **state)
{
	const char *only = getenv("CORPUS_ONLY");
	const struct ccase *cs;
	struct tally t;
	size_t n, i;

	(void)state;
	memset(&t, 0, sizeof(t));
	cs = corpus_cases(&n);
	for (i = 0; i < n; i++)
		if (only == NULL || strstr(cs[i].name, only) != NULL)
			case_run(&cs[i], &t);
	summary(&t);
	if (t.failed != 0)
		fail_msg("%zu of %zu cases failed (see FAIL lines)", t.failed,
		    t.run);
}

static int
rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static int
group_setup(void **state)
{
	const char *top = getenv("top_srcdir");

	if (fx_group_setup(state) != 0)
		return -1;
	snprintf(dir, sizeof(dir), "/tmp/ebid-corpus-XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(cfg_path, sizeof(cfg_path), "%s/ebid-pkcs11.conf", dir);
	snprintf(card_path, sizeof(card_path), "%s/card.pem", dir);
	setenv("EBID_DEBUG_FILE", path_of("module.log"), 1);
	if (gen_init(dir, top != NULL && *top ? top : FX_TOP_SRCDIR) != 0)
		return -1;
	files_make();
	return 0;
}

static int
group_teardown(void **state)
{
	corpus_cases_free();
	gen_free();
	unsetenv("EBID_DEBUG_FILE");
	if (getenv("CORPUS_KEEP") != NULL)
		printf("corpus: files kept in %s\n", dir);
	else if (dir[0] != '\0')
		nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return fx_group_teardown(state);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
