/*
 * p11-fixture.h - the PKCS#11 module through its function list, on the
 * scripted transport (src/transport/script.h).
 *
 * A fixture owns a growable script, the strings its steps point to, and
 * the handles a test works with.  The card it plays is the reference
 * profile (docs/card-profile.md) holding a certificate made at test time
 * with OpenSSL: RSA-2048, issued by a test CA (fx_ca, the configured
 * authority's CA), subject CN a Japanese UTF8String.
 * The transport is tp_script_ops wrapped to count context and card
 * handles, so that tests can see what the module opens and releases.
 */
#ifndef EBID_TESTS_MODULE_P11_FIXTURE_H
#define EBID_TESTS_MODULE_P11_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>
#include <openssl/x509.h>
#include <p11-kit/pkcs11.h>

#include "transport/script.h"

#define FX_CN		"電子入札 太郎"		/* UTF-8, 19 bytes */
#define FX_ORG		"Test e-Bid Authority"
#define FX_CA_CN	"Test e-Bid CA"
#define FX_SERIAL	"1A 2B 3C 4D"		/* GET DATA answer */
#define FX_SERIAL_TEXT	"1A2B3C4D"
#define FX_PIN		"1234abcd"
#define FX_READER	"Scripted Reader 0"

#define FX_SELECT_APP	"00 A4 04 0C 09 D3 92 F0 00 45 42 49 44 01"
#define FX_GET_SERIAL	"00 CA 01 01 00"
#define FX_PIN_STATUS	"00 20 00 81"
#define FX_SELECT_JPKI	"00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01"
#define FX_MSE_SET	"00 22 41 B6 06 84 01 01 80 01 02"
#define FX_GET_FEATURES	0x42000D48U	/* SCARD_CTL_CODE(3400), part 10 */

/* A certificate made at test time, and its key (borrowed). */
struct fx_cert {
	EVP_PKEY	*key;
	X509		*x509;
	uint8_t		*der;
	size_t		 len;
};

/* Transport calls of the module, counted by the wrapped script ops. */
struct fx_count {
	unsigned	ctx_new;
	unsigned	ctx_free;
	unsigned	connect;
	unsigned	disconnect;
	unsigned	resets;		/* disconnects that reset the card */
	unsigned	begin;
	unsigned	end;
};

struct fx {
	struct ts_build		 sb;		/* the script: sb.ts, sb.steps */
	/* the card */
	const struct fx_cert	*cert;		/* EF 0001 */
	const struct fx_cert	*ca;		/* EF 0002; NULL: 6A82 */
	const char		*serial;	/* GET DATA data; NULL: 6A88 */
	const char		*pin_sw;	/* empty VERIFY at card read */
	const char		*features;	/* part 10 features, or NULL */
	/* what the setups leave for the test */
	CK_SLOT_ID		 slot;
	CK_SESSION_HANDLE	 h;
	CK_OBJECT_HANDLE	 cert_h;
	CK_OBJECT_HANDLE	 pub_h;
	CK_OBJECT_HANDLE	 priv_h;
	const void		*row;		/* table tests: the row */
	char			 conf[64];	/* a temporary config file */
};

extern CK_FUNCTION_LIST_PTR p11;
extern struct fx_count fx_count;
extern struct fx_cert fx_user;		/* the card's certificate */
extern struct fx_cert fx_ca;		/* its issuer, the trusted CA */
extern const struct tp_ops *fx_ops;

/* Group setup: the key and certificate, EBID_PKCS11_CONF. */
int fx_group_setup(void **);
int fx_group_teardown(void **);

/*
 * Per test: bare (transport set, module not initialized); init
 * (C_Initialize and the slot); session (the card read, an RO session,
 * the certificate and public key found); login (and logged in, the
 * private key found).  The row of a table test is taken from *state.
 */
int fx_setup_bare(void **);
int fx_setup_init(void **);
int fx_setup_session(void **);
int fx_setup_login(void **);
int fx_teardown(void **);

/* Certificates and keys. */
EVP_PKEY *fx_keygen(unsigned bits);
/* A holder's certificate issued by fx_ca; fx_cert_self: self-signed. */
void fx_cert_make(struct fx_cert *, EVP_PKEY *, const char *cn,
    uint64_t serial);
void fx_cert_self(struct fx_cert *, EVP_PKEY *, const char *cn,
    uint64_t serial);
void fx_cert_free(struct fx_cert *);

/* The configuration file: the project's, or one written for a test. */
const char *fx_conf_default(void);
void fx_conf_write(struct fx *, const char *text);

/* Script steps; cmd and resp are copied (NULL stays NULL). */
void fx_step(struct fx *, enum ts_op, const char *cmd, const char *resp,
    int rc);
void fx_tx(struct fx *, const char *cmd, const char *resp);
const char *fx_fmt(struct fx *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
const char *fx_hex(struct fx *, const uint8_t *, size_t);
void fx_app(struct fx *);
void fx_ef(struct fx *, unsigned fid, const uint8_t *, size_t);
void fx_card(struct fx *);
void fx_verify(struct fx *, const char *pin, const char *sw);
void fx_sign_steps(struct fx *, const uint8_t *tbs, size_t tbs_len,
    const char *answer);
/* The script was played to its end, without a mismatch. */
void fx_done_at(const struct fx *, const char *file, int line);
#define fx_done(f)	fx_done_at((f), __FILE__, __LINE__)

/* PKCS#11 helpers, asserting success. */
void fx_login(struct fx *);
CK_ULONG fx_find(CK_SESSION_HANDLE, CK_ATTRIBUTE_PTR, CK_ULONG,
    CK_OBJECT_HANDLE_PTR, CK_ULONG);
CK_OBJECT_HANDLE fx_find_class(CK_SESSION_HANDLE, CK_OBJECT_CLASS);
CK_STATE fx_state(CK_SESSION_HANDLE);
CK_FLAGS fx_token_flags(CK_SLOT_ID);

/* Exact CK_RV comparison, printing names. */
void fx_assert_rv(CK_RV got, CK_RV want, const char *what, const char *file,
    int line);
#define assert_rv(call, want) \
	fx_assert_rv((call), (want), #call, __FILE__, __LINE__)
const char *fx_rv_name(CK_RV);

/*
 * Caller bugs (src/common/precond.h).  make check runs with EBID_STRICT=1,
 * where the module aborts on one; a test that makes one on purpose says
 * so with assert_bad_call, which makes the call with EBID_STRICT=0 and
 * checks the code a lax module returns.  fx_run_child runs fn(arg) in a
 * child process with EBID_STRICT=1 (fn may change it) and no core dump;
 * fx_assert_aborts checks that the child died of SIGABRT.
 */
void fx_strict_set(const char *value);	/* NULL: as it was at start */
#define assert_bad_call(call, want)					\
	do {								\
		CK_RV fx_rv_;						\
									\
		fx_strict_set("0");					\
		fx_rv_ = (call);					\
		fx_strict_set(NULL);					\
		fx_assert_rv(fx_rv_, (want), #call, __FILE__,		\
		    __LINE__);						\
	} while (0)
int fx_run_child(void (*fn)(void *), void *arg);	/* the wait status */
void fx_assert_aborts_at(void (*fn)(void *), void *arg, const char *what,
    const char *file, int line);
#define fx_assert_aborts(fn, arg) \
	fx_assert_aborts_at((fn), (arg), #fn, __FILE__, __LINE__)

#endif
