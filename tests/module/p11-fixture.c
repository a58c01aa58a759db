/*
 * p11-fixture.c - the PKCS#11 module on the scripted transport.
 */
#include "config.h"

#include <setjmp.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <openssl/rsa.h>

#include "common/err.h"
#include "p11-fixture.h"
#include "token/token.h"

#ifndef FX_TOP_SRCDIR
#define FX_TOP_SRCDIR	"."
#endif

#define FX_CHUNK	0x200	/* the card answers READ BINARY in these */

CK_FUNCTION_LIST_PTR p11;
struct fx_count fx_count;
struct fx_cert fx_user;
struct fx_cert fx_ca;
const struct tp_ops *fx_ops;

static struct tp_ops counting_ops;
static EVP_PKEY *user_key;
static EVP_PKEY *ca_key;
static const char *const fx_readers[] = { FX_READER, NULL };

/* ------------------------------------------------------------------ */
/* The counting transport                                              */

/* Contexts may come and go in a thread blocked in C_WaitForSlotEvent. */

static int
c_ctx_new(void *arg, void **ctx)
{
	int rc = tp_script_ops.ctx_new(arg, ctx);

	if (rc == EBID_OK)
		__atomic_add_fetch(&fx_count.ctx_new, 1, __ATOMIC_SEQ_CST);
	return rc;
}

static void
c_ctx_free(void **ctx)
{
	if (*ctx != NULL)
		__atomic_add_fetch(&fx_count.ctx_free, 1, __ATOMIC_SEQ_CST);
	tp_script_ops.ctx_free(ctx);
}

static int
c_connect(void *ctx, const char *reader, void **hdl, uint8_t *atr,
    size_t *atr_len)
{
	int rc = tp_script_ops.connect(ctx, reader, hdl, atr, atr_len);

	fx_count.connect += rc == EBID_OK;
	return rc;
}

static void
c_disconnect(void **hdl, int reset)
{
	fx_count.disconnect += *hdl != NULL;
	fx_count.resets += *hdl != NULL && reset;
	tp_script_ops.disconnect(hdl, reset);
}

static int
c_begin(void *hdl)
{
	int rc = tp_script_ops.begin(hdl);

	fx_count.begin += rc == EBID_OK;
	return rc;
}

static int
c_end(void *hdl)
{
	fx_count.end++;
	return tp_script_ops.end(hdl);
}

/* ------------------------------------------------------------------ */
/* Certificates and configuration                                      */

/*
 * The n-th key of a test program, kept in the build tree: the first run
 * (make check) generates and saves it, later runs (check-valgrind, where
 * RSA key generation costs most of the time) read it back.  A key that
 * does not read back is generated again.
 */
EVP_PKEY *
fx_keygen(unsigned bits)
{
	static unsigned n;
	const char *dir = getenv("top_builddir");
	char path[512];
	EVP_PKEY *k = NULL;
	FILE *f;

	snprintf(path, sizeof(path), "%s/tests/module/fx-key-%s-%u-%u.pem",
	    dir != NULL && *dir != '\0' ? dir : ".", program_invocation_short_name,
	    bits, n++);
	if ((f = fopen(path, "r")) != NULL) {
		k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
		fclose(f);
	}
	if (k != NULL && EVP_PKEY_get_bits(k) == (int)bits)
		return k;
	EVP_PKEY_free(k);
	if ((k = EVP_RSA_gen(bits)) == NULL)
		fail_msg("RSA-%u key generation failed", bits);
	if ((f = fopen(path, "w")) != NULL) {
		PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL);
		fclose(f);
	}
	return k;
}

/* An extension from its openssl-config text, or 0. */
static int
ext_add(X509 *x, X509 *issuer, int nid, const char *text)
{
	X509V3_CTX ctx;
	X509_EXTENSION *e;
	int ok;

	X509V3_set_ctx(&ctx, issuer, x, NULL, NULL, 0);
	if ((e = X509V3_EXT_conf_nid(NULL, &ctx, nid, text)) == NULL)
		return 0;
	ok = X509_add_ext(x, e, -1);
	X509_EXTENSION_free(e);
	return ok;
}

/*
 * A certificate for cn with key, signed by the issuer (NULL: by itself):
 * a CA certificate (CA:TRUE, keyCertSign) or a holder's (keyUsage
 * digitalSignature and nonRepudiation), as an accredited CA issues them.
 */
static void
cert_build(struct fx_cert *c, EVP_PKEY *key, const char *cn, uint64_t serial,
    const struct fx_cert *issuer, int is_ca)
{
	const unsigned char *jp = (const unsigned char *)"JP";
	const unsigned char *org = (const unsigned char *)FX_ORG;
	unsigned char *der = NULL;
	X509_NAME *name = NULL;
	X509 *x;
	int len = 0;

	memset(c, 0, sizeof(*c));
	if ((x = X509_new()) == NULL ||
	    X509_set_version(x, X509_VERSION_3) != 1 ||
	    ASN1_INTEGER_set_uint64(X509_get_serialNumber(x), serial) != 1 ||
	    X509_gmtime_adj(X509_getm_notBefore(x), 0) == NULL ||
	    X509_gmtime_adj(X509_getm_notAfter(x), 365L * 86400) == NULL ||
	    X509_set_pubkey(x, key) != 1 ||
	    (name = X509_get_subject_name(x)) == NULL ||
	    !X509_NAME_add_entry_by_NID(name, NID_countryName, MBSTRING_ASC,
	    jp, -1, -1, 0) ||
	    !X509_NAME_add_entry_by_NID(name, NID_organizationName,
	    MBSTRING_ASC, org, -1, -1, 0) ||
	    /* the holder's name as a UTF8String, whatever the default mask */
	    !X509_NAME_add_entry_by_NID(name, NID_commonName,
	    V_ASN1_UTF8STRING, (const unsigned char *)cn, -1, -1, 0) ||
	    X509_set_issuer_name(x, issuer != NULL ?
	    X509_get_subject_name(issuer->x509) : name) != 1 ||
	    !ext_add(x, issuer != NULL ? issuer->x509 : x,
	    NID_basic_constraints, is_ca ? "critical,CA:TRUE" :
	    "critical,CA:FALSE") ||
	    !ext_add(x, issuer != NULL ? issuer->x509 : x, NID_key_usage,
	    is_ca ? "critical,keyCertSign,cRLSign" :
	    "critical,digitalSignature,nonRepudiation") ||
	    X509_sign(x, issuer != NULL ? issuer->key : key,
	    EVP_sha256()) <= 0 ||
	    (len = i2d_X509(x, &der)) <= 0) {
		X509_free(x);
		fail_msg("making the test certificate failed");
	}
	c->key = key;
	c->x509 = x;
	c->der = der;
	c->len = (size_t)len;
}

void
fx_cert_make(struct fx_cert *c, EVP_PKEY *key, const char *cn,
    uint64_t serial)
{
	cert_build(c, key, cn, serial, &fx_ca, 0);
}

void
fx_cert_self(struct fx_cert *c, EVP_PKEY *key, const char *cn,
    uint64_t serial)
{
	cert_build(c, key, cn, serial, NULL, 0);
}

void
fx_cert_free(struct fx_cert *c)
{
	X509_free(c->x509);
	OPENSSL_free(c->der);
	memset(c, 0, sizeof(*c));
}

/*
 * The policy for the module tests: the shipped file up to its [policy]
 * section, then a test authority whose CA is the fixture's self-signed
 * certificate, and a registry that binds that certificate to its holder.
 * Made once per test program in a temporary directory.
 */
static char fx_dir[64];
static char fx_conf_path[128];
static char *fx_policy;		/* the text appended to every test file */

static void
fx_write(const char *path, const char *text, size_t n)
{
	FILE *f;

	if ((f = fopen(path, "w")) == NULL || fwrite(text, 1, n, f) != n)
		abort();
	fclose(f);
}

/* The shipped configuration without its [policy] and later sections. */
static char *
fx_shipped_head(void)
{
	char path[1024], *text, *cut;
	const char *top = getenv("top_srcdir");
	FILE *f;
	long n;

	if (top == NULL || *top == '\0')
		top = FX_TOP_SRCDIR;
	snprintf(path, sizeof(path), "%s/conf/ebid-pkcs11.conf", top);
	if ((f = fopen(path, "r")) == NULL || fseek(f, 0, SEEK_END) != 0 ||
	    (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0 ||
	    (text = calloc(1, (size_t)n + 1)) == NULL ||
	    fread(text, 1, (size_t)n, f) != (size_t)n)
		abort();
	fclose(f);
	if ((cut = strstr(text, "\n[policy]")) != NULL)
		cut[1] = '\0';
	return text;
}

static void
fx_policy_make(void)
{
	uint8_t fp[32];
	unsigned int fplen = 0;
	char path[160], hex[65], *head, *conf;
	BIO *b;
	size_t i;

	snprintf(fx_dir, sizeof(fx_dir), "/tmp/ebid-p11-fx-XXXXXX");
	if (mkdtemp(fx_dir) == NULL ||
	    X509_digest(fx_user.x509, EVP_sha256(), fp, &fplen) != 1)
		abort();
	for (i = 0; i < sizeof(fp); i++)
		snprintf(hex + 2 * i, 3, "%02X", fp[i]);
	snprintf(path, sizeof(path), "%s/ca.pem", fx_dir);
	if ((b = BIO_new_file(path, "w")) == NULL ||
	    PEM_write_bio_X509(b, fx_ca.x509) != 1)
		abort();
	BIO_free(b);
	snprintf(path, sizeof(path), "%s/registry.csv", fx_dir);
	if (asprintf(&conf, "業者番号,区分,商号,代表者,登録カード\r\n"
	    "0001,建設工事,%s,%s,%s\r\n", FX_ORG, FX_CN, hex) < 0)
		abort();
	fx_write(path, conf, strlen(conf));
	free(conf);
	if (asprintf(&fx_policy, "\n[authority fxtest]\nname_ja = %s\n"
	    "profile = reference\nca_file = %s/ca.pem\n\n[policy]\n"
	    "registry = %s/registry.csv\npin_reserve = 1\n", FX_ORG, fx_dir,
	    fx_dir) < 0)
		abort();
	head = fx_shipped_head();
	if (asprintf(&conf, "%s%s", head, fx_policy) < 0)
		abort();
	free(head);
	snprintf(fx_conf_path, sizeof(fx_conf_path), "%s/ebid-pkcs11.conf",
	    fx_dir);
	fx_write(fx_conf_path, conf, strlen(conf));
	free(conf);
}

static void
fx_policy_remove(void)
{
	const char *files[] = { "ca.pem", "registry.csv", "ebid-pkcs11.conf" };
	char path[160];
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", fx_dir, files[i]);
		unlink(path);
	}
	rmdir(fx_dir);
	free(fx_policy);
	fx_policy = NULL;
}

const char *
fx_conf_default(void)
{
	return fx_conf_path;
}

/*
 * A configuration file for this test only; EBID_PKCS11_CONF names it.
 * The test authority and registry are appended, so that the card is
 * accepted whatever the file says about profiles.
 */
void
fx_conf_write(struct fx *f, const char *text)
{
	size_t n = strlen(text);
	int fd;

	snprintf(f->conf, sizeof(f->conf), "/tmp/ebid-p11-test-XXXXXX");
	if ((fd = mkstemp(f->conf)) < 0) {
		f->conf[0] = '\0';
		fail_msg("mkstemp failed");
	}
	if (write(fd, text, n) != (ssize_t)n || write(fd, fx_policy,
	    strlen(fx_policy)) != (ssize_t)strlen(fx_policy)) {
		close(fd);
		fail_msg("writing %s failed", f->conf);
	}
	close(fd);
	setenv("EBID_PKCS11_CONF", f->conf, 1);
}

int
fx_group_setup(void **state)
{
	(void)state;
	counting_ops = tp_script_ops;
	counting_ops.name = "script+count";
	counting_ops.ctx_new = c_ctx_new;
	counting_ops.ctx_free = c_ctx_free;
	counting_ops.connect = c_connect;
	counting_ops.disconnect = c_disconnect;
	counting_ops.begin = c_begin;
	counting_ops.end = c_end;
	fx_ops = &counting_ops;
	if (C_GetFunctionList(&p11) != CKR_OK || p11 == NULL)
		return -1;
	ca_key = fx_keygen(2048);
	cert_build(&fx_ca, ca_key, FX_CA_CN, 1, NULL, 1);
	user_key = fx_keygen(2048);
	fx_cert_make(&fx_user, user_key, FX_CN, 0x0123456789ABCDEFULL);
	fx_policy_make();
	return 0;
}

int
fx_group_teardown(void **state)
{
	(void)state;
	fx_policy_remove();
	fx_cert_free(&fx_user);
	fx_cert_free(&fx_ca);
	EVP_PKEY_free(user_key);
	EVP_PKEY_free(ca_key);
	user_key = NULL;
	ca_key = NULL;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Setups                                                              */

int
fx_setup_bare(void **state)
{
	struct fx *f;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return -1;
	f->row = *state;
	f->sb.ts.readers = fx_readers;
	f->sb.ts.idle_state = TP_ST_PRESENT;
	f->cert = &fx_user;
	f->serial = FX_SERIAL;
	f->pin_sw = "63 C3";
	memset(&fx_count, 0, sizeof(fx_count));
	setenv("EBID_PKCS11_CONF", fx_conf_default(), 1);
	tok_set_transport(fx_ops, &f->sb.ts);
	*state = f;
	return 0;
}

int
fx_setup_init(void **state)
{
	struct fx *f;
	CK_ULONG n = 1;

	if (fx_setup_bare(state) != 0)
		return -1;
	f = *state;
	assert_rv(p11->C_Initialize(NULL), CKR_OK);
	assert_rv(p11->C_GetSlotList(CK_FALSE, &f->slot, &n), CKR_OK);
	assert_int_equal(n, 1);
	return 0;
}

int
fx_setup_session(void **state)
{
	struct fx *f;

	if (fx_setup_init(state) != 0)
		return -1;
	f = *state;
	fx_card(f);
	assert_rv(p11->C_OpenSession(f->slot, CKF_SERIAL_SESSION, NULL, NULL,
	    &f->h), CKR_OK);
	fx_done(f);
	f->cert_h = fx_find_class(f->h, CKO_CERTIFICATE);
	f->pub_h = fx_find_class(f->h, CKO_PUBLIC_KEY);
	return 0;
}

int
fx_setup_login(void **state)
{
	struct fx *f;

	if (fx_setup_session(state) != 0)
		return -1;
	f = *state;
	fx_login(f);
	f->priv_h = fx_find_class(f->h, CKO_PRIVATE_KEY);
	return 0;
}

/* Finalize, and see that every handle the module opened was released. */
int
fx_teardown(void **state)
{
	struct fx *f = *state;
	CK_RV rv = p11->C_Finalize(NULL);
	int bad = 0;

	if (rv != CKR_OK && rv != CKR_CRYPTOKI_NOT_INITIALIZED) {
		print_error("C_Finalize: %s\n", fx_rv_name(rv));
		bad = 1;
	}
	if (fx_count.ctx_new != fx_count.ctx_free ||
	    fx_count.connect != fx_count.disconnect ||
	    fx_count.begin != fx_count.end) {
		print_error("transport handles: ctx %u/%u, card %u/%u, "
		    "transactions %u/%u\n", fx_count.ctx_new,
		    fx_count.ctx_free, fx_count.connect, fx_count.disconnect,
		    fx_count.begin, fx_count.end);
		bad = 1;
	}
	tok_set_transport(NULL, NULL);
	if (f->conf[0] != '\0')
		unlink(f->conf);
	ts_build_reset(&f->sb);
	free(f);
	return bad ? -1 : 0;
}

/* ------------------------------------------------------------------ */
/* Script steps                                                        */

void
fx_step(struct fx *f, enum ts_op op, const char *cmd, const char *resp,
    int rc)
{
	ts_build_step(&f->sb, op, cmd, resp, rc);
}

void
fx_tx(struct fx *f, const char *cmd, const char *resp)
{
	ts_build_step(&f->sb, TS_TRANSMIT, cmd, resp, 0);
}

const char *
fx_fmt(struct fx *f, const char *fmt, ...)
{
	const char *s;
	va_list ap;

	va_start(ap, fmt);
	s = ts_build_vfmt(&f->sb, fmt, ap);
	va_end(ap);
	return s;
}

const char *
fx_hex(struct fx *f, const uint8_t *p, size_t n)
{
	return ts_build_hex(&f->sb, p, n);
}

void
fx_app(struct fx *f)
{
	fx_tx(f, FX_SELECT_APP, "90 00");
}

/* The Le field of a READ BINARY for ne bytes (extended profile). */
static const char *
read_le(struct fx *f, size_t ne)
{
	if (ne <= 256)
		return fx_fmt(f, "%02zX", ne & 0xFF);
	return fx_fmt(f, "00 %04zX", ne);
}

/* SELECT, FCP, then READ BINARY answered FX_CHUNK bytes at a time. */
void
fx_ef(struct fx *f, unsigned fid, const uint8_t *p, size_t n)
{
	size_t off, k;

	fx_app(f);
	fx_tx(f, fx_fmt(f, "00 A4 02 04 02 %04X 00", fid),
	    fx_fmt(f, "62 0B 80 02 %04zX 82 01 01 83 02 %04X 90 00", n, fid));
	for (off = 0; off < n; off += k) {
		k = n - off < FX_CHUNK ? n - off : FX_CHUNK;
		fx_tx(f, fx_fmt(f, "00 B0 %04zX %s", off, read_le(f, n - off)),
		    fx_fmt(f, "%s 90 00", fx_hex(f, p + off, k)));
	}
}

/* What the module sends when it reads a card, in order (token.c). */
void
fx_card(struct fx *f)
{
	fx_app(f);
	fx_tx(f, FX_GET_SERIAL, f->serial != NULL ?
	    fx_fmt(f, "%s 90 00", f->serial) : "6A 88");
	fx_ef(f, 0x0001, f->cert->der, f->cert->len);
	if (f->ca != NULL) {
		fx_ef(f, 0x0002, f->ca->der, f->ca->len);
	} else {
		fx_app(f);
		fx_tx(f, "00 A4 02 04 02 00 02 00", "6A 82");
	}
	fx_app(f);
	fx_tx(f, FX_PIN_STATUS, f->pin_sw);
	/* the reader's PC/SC part 10 features (a PIN pad), or none */
	if (f->features != NULL) {
		fx_step(f, TS_CONTROL, NULL, f->features, 0);
		f->sb.steps[f->sb.ts.nsteps - 1].code = FX_GET_FEATURES;
	} else {
		fx_step(f, TS_CONTROL, NULL, NULL, EBID_ERR_UNSUPPORTED);
	}
	fx_tx(f, FX_SELECT_JPKI, "6A 82");	/* not a My Number card */
}

void
fx_verify(struct fx *f, const char *pin, const char *sw)
{
	size_t n = strlen(pin);

	fx_app(f);
	fx_tx(f, FX_PIN_STATUS, f->pin_sw);	/* the PIN guard's count */
	fx_tx(f, fx_fmt(f, "00 20 00 81 %02zX %s", n,
	    fx_hex(f, (const uint8_t *)pin, n)), sw);
}

void
fx_sign_steps(struct fx *f, const uint8_t *tbs, size_t tbs_len,
    const char *answer)
{
	fx_app(f);
	fx_tx(f, FX_MSE_SET, "90 00");
	fx_tx(f, fx_fmt(f, "00 2A 9E 9A %02zX %s 00", tbs_len,
	    fx_hex(f, tbs, tbs_len)), answer);
}

void
fx_done_at(const struct fx *f, const char *file, int line)
{
	if (ts_script_ok(&f->sb.ts))
		return;
	print_error("script: %s (at step %zu of %zu)\n",
	    f->sb.ts.mismatch ? f->sb.ts.why : "steps left unplayed", f->sb.ts.pos,
	    f->sb.ts.nsteps);
	_fail(file, line);
}

/* ------------------------------------------------------------------ */
/* PKCS#11 helpers                                                     */

/* VERIFY, then the status the module reads after a good PIN. */
void
fx_login(struct fx *f)
{
	CK_UTF8CHAR pin[] = FX_PIN;

	fx_verify(f, FX_PIN, "90 00");
	fx_app(f);
	fx_tx(f, FX_PIN_STATUS, "90 00");
	assert_rv(p11->C_Login(f->h, CKU_USER, pin, sizeof(pin) - 1),
	    CKR_OK);
	fx_done(f);
}

CK_ULONG
fx_find(CK_SESSION_HANDLE h, CK_ATTRIBUTE_PTR t, CK_ULONG n,
    CK_OBJECT_HANDLE_PTR out, CK_ULONG max)
{
	CK_ULONG got = 0;

	assert_rv(p11->C_FindObjectsInit(h, t, n), CKR_OK);
	assert_rv(p11->C_FindObjects(h, out, max, &got), CKR_OK);
	assert_rv(p11->C_FindObjectsFinal(h), CKR_OK);
	return got;
}

/* The one object of this class. */
CK_OBJECT_HANDLE
fx_find_class(CK_SESSION_HANDLE h, CK_OBJECT_CLASS cls)
{
	CK_ATTRIBUTE t = { CKA_CLASS, &cls, sizeof(cls) };
	CK_OBJECT_HANDLE o[4];

	assert_int_equal(fx_find(h, &t, 1, o, 4), 1);
	assert_true(o[0] != CK_INVALID_HANDLE);
	return o[0];
}

CK_STATE
fx_state(CK_SESSION_HANDLE h)
{
	CK_SESSION_INFO info;

	memset(&info, 0xA5, sizeof(info));
	assert_rv(p11->C_GetSessionInfo(h, &info), CKR_OK);
	return info.state;
}

CK_FLAGS
fx_token_flags(CK_SLOT_ID slot)
{
	CK_TOKEN_INFO info;

	assert_rv(p11->C_GetTokenInfo(slot, &info), CKR_OK);
	return info.flags;
}

/* ------------------------------------------------------------------ */
/* CK_RV names                                                         */

#define RV(x)	{ x, #x }

static const struct {
	CK_RV		 rv;
	const char	*name;
} rv_names[] = {
	RV(CKR_OK), RV(CKR_HOST_MEMORY), RV(CKR_SLOT_ID_INVALID),
	RV(CKR_GENERAL_ERROR), RV(CKR_FUNCTION_FAILED),
	RV(CKR_ARGUMENTS_BAD), RV(CKR_NO_EVENT), RV(CKR_CANT_LOCK),
	RV(CKR_ATTRIBUTE_SENSITIVE), RV(CKR_ATTRIBUTE_TYPE_INVALID),
	RV(CKR_DATA_LEN_RANGE), RV(CKR_DEVICE_ERROR), RV(CKR_DEVICE_MEMORY),
	RV(CKR_DEVICE_REMOVED), RV(CKR_FUNCTION_CANCELED),
	RV(CKR_FUNCTION_NOT_PARALLEL), RV(CKR_FUNCTION_NOT_SUPPORTED),
	RV(CKR_KEY_HANDLE_INVALID), RV(CKR_KEY_TYPE_INCONSISTENT),
	RV(CKR_KEY_FUNCTION_NOT_PERMITTED), RV(CKR_MECHANISM_INVALID),
	RV(CKR_MECHANISM_PARAM_INVALID), RV(CKR_OBJECT_HANDLE_INVALID),
	RV(CKR_OPERATION_ACTIVE), RV(CKR_OPERATION_NOT_INITIALIZED),
	RV(CKR_PIN_INCORRECT), RV(CKR_PIN_INVALID), RV(CKR_PIN_LEN_RANGE),
	RV(CKR_PIN_LOCKED), RV(CKR_SESSION_CLOSED),
	RV(CKR_SESSION_HANDLE_INVALID),
	RV(CKR_SESSION_PARALLEL_NOT_SUPPORTED), RV(CKR_SESSION_READ_ONLY),
	RV(CKR_TOKEN_NOT_PRESENT), RV(CKR_TOKEN_NOT_RECOGNIZED),
	RV(CKR_TOKEN_WRITE_PROTECTED), RV(CKR_USER_ALREADY_LOGGED_IN),
	RV(CKR_USER_NOT_LOGGED_IN), RV(CKR_USER_TYPE_INVALID),
	RV(CKR_RANDOM_NO_RNG), RV(CKR_BUFFER_TOO_SMALL),
	RV(CKR_CRYPTOKI_NOT_INITIALIZED),
	RV(CKR_CRYPTOKI_ALREADY_INITIALIZED),
};

const char *
fx_rv_name(CK_RV rv)
{
	size_t i;

	for (i = 0; i < sizeof(rv_names) / sizeof(rv_names[0]); i++)
		if (rv_names[i].rv == rv)
			return rv_names[i].name;
	return "(unnamed)";
}

void
fx_assert_rv(CK_RV got, CK_RV want, const char *what, const char *file,
    int line)
{
	if (got == want)
		return;
	print_error("%s\n  returned %s (0x%lx), expected %s (0x%lx)\n", what,
	    fx_rv_name(got), got, fx_rv_name(want), want);
	_fail(file, line);
}

void
fx_strict_set(const char *value)
{
	static int saved;
	static char was[16];
	const char *v;

	if (!saved) {
		if ((v = getenv("EBID_STRICT")) != NULL)
			snprintf(was, sizeof(was), "%s", v);
		saved = v != NULL ? 1 : -1;
	}
	if (value != NULL)
		setenv("EBID_STRICT", value, 1);
	else if (saved > 0)
		setenv("EBID_STRICT", was, 1);
	else
		unsetenv("EBID_STRICT");
}

/* fn(arg) in a child with EBID_STRICT=1 and no core dump: its status. */
int
fx_run_child(void (*fn)(void *), void *arg)
{
	pid_t pid;
	int st = 0;

	fflush(NULL);
	if ((pid = fork()) == 0) {
		(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
		setenv("EBID_STRICT", "1", 1);
		fn(arg);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		fail_msg("fork or waitpid failed");
	return st;
}

void
fx_assert_aborts_at(void (*fn)(void *), void *arg, const char *what,
    const char *file, int line)
{
	int st = fx_run_child(fn, arg);

	if (WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT)
		return;
	print_error("%s: the child %s %d, expected SIGABRT\n", what,
	    WIFSIGNALED(st) ? "died of signal" : "exited with",
	    WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
	_fail(file, line);
}
