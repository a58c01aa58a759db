/*
 * tool.h - ebid-tool, the administrators', bidders' and CAs' command.
 *
 * Each subcommand is a function  int tool_cmd_X(struct tool *, int argc,
 * char **argv)  returning a TOOL_EXIT_* code; argv[0] is the subcommand's
 * name.  Output goes through out.c so that every subcommand prints human
 * text by default and JSON with --json.  Every user-visible string goes
 * through _() (gettext domain "ebid-tool"; catalogues po/ja-*.po).
 */
#ifndef EBID_TOOL_TOOL_H
#define EBID_TOOL_TOOL_H

#include <stdio.h>

#include <openssl/x509.h>

#include "card/card.h"
#include "conf/conf.h"
#include "conf/trust.h"
#include "inspect/inspect.h"
#include "policy/decide.h"
#include "transport/tp.h"

#ifdef ENABLE_NLS
#include <libintl.h>
#define _(s)	dgettext("ebid-tool", s)
#else
#define _(s)	(s)
#endif
#define N_(s)	(s)

/* Exit codes (documented in ebid-tool(1)). */
enum tool_exit {
	TOOL_EXIT_OK = 0,
	TOOL_EXIT_FAIL = 1,	/* the check failed: card refused, interop failed */
	TOOL_EXIT_USAGE = 2,	/* bad command line */
	TOOL_EXIT_CONFIG = 3,	/* configuration, registry or trust file bad */
	TOOL_EXIT_CARD = 4,	/* no reader, no card, card pulled, card I/O */
	TOOL_EXIT_IO = 5,	/* file system: read-only, permission, lock */
	TOOL_EXIT_INTERNAL = 6,	/* out of memory, bug */
};

struct tool {
	int		 json;		/* --json */
	int		 ja;		/* Japanese messages (the locale) */
	const char	*conf_path;	/* -c FILE, else EBID_PKCS11_CONF, else
					 * the installed one */
	struct conf	*conf;		/* loaded on demand: tool_conf() */
	struct conf_trust *trust;	/* loaded on demand: tool_trust() */
	time_t		 now;		/* tests: the time decisions are made
					 * at; 0: the clock (tool_now) */
	const struct tp_ops *ops;	/* tests: the transport; NULL: PC/SC */
	void		*ops_arg;
	FILE		*out;		/* stdout */
	FILE		*err;		/* stderr */
};

/*
 * out.c: one set of calls prints human text (default) or JSON (--json).
 * A document is one object: out_begin ... out_end.  Keys are ASCII
 * (JSON); labels are translated text for people (pass _("...")).
 * Human form: "label: value" lines, indented per nesting level.
 */
/*
 * The length of the valid UTF-8 character (1-4 bytes, not U+FFFE/U+FFFF)
 * at s, 0 when the bytes there start none; what the JSON and XML writers
 * write instead of such a byte.
 */
size_t tool_utf8_len(const char *s);
#define TOOL_UTF8_BAD	"\xEF\xBF\xBD"	/* U+FFFD */

void out_begin(struct tool *);
void out_end(struct tool *);
void out_str(struct tool *, const char *key, const char *label,
    const char *val);			/* val NULL: JSON null, human "-" */
void out_int(struct tool *, const char *key, const char *label, long long);
void out_bool(struct tool *, const char *key, const char *label, int);
/* Nested object (key NULL inside a list); label is the human heading. */
void out_obj_begin(struct tool *, const char *key, const char *label);
void out_obj_end(struct tool *);
/* A list of objects or of strings (out_str with key NULL inside it). */
void out_list_begin(struct tool *, const char *key, const char *label);
void out_list_end(struct tool *);
/* A human-only line (nothing in JSON), already translated. */
void out_text(struct tool *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* To stderr, "ebid-tool: " + translated text, in both modes. */
void tool_error(struct tool *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void tool_warn(struct tool *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The language of policy reasons: r->ja or r->en. */
const char *tool_lang(const struct tool *, const char *en, const char *ja);

/* tool.c: a transport context on t->ops (PC/SC unless a test set it). */
int tool_tp_new(const struct tool *, tp_t **);
/* tool.c: the time of a decision: t->now if set (tests), else now. */
time_t tool_now(const struct tool *);
/* tool.c: loads the configuration / trust once; on failure prints why. */
int tool_conf(struct tool *);
int tool_trust(struct tool *);

/*
 * card.c: what a card in a reader holds, read through PC/SC and the card
 * layer (never spending a PIN try).  reader NULL: the only reader with a
 * card (TOOL_EXIT_USAGE when there are several, naming them).
 */
struct tool_card {
	char			 reader[TP_READER_MAX];
	tp_t			*tp;
	struct insp_card	 ic;	/* the read: owns what is below */
	/* views into ic, for the subcommands */
	uint8_t			 atr[TP_ATR_MAX];
	size_t			 atr_len;
	const struct conf_profile *prof;	/* NULL: no profile answered */
	int			 jpki;		/* answers the JPKI AID */
	X509			*cert;		/* NULL: not read */
	X509			*ca;		/* the card's CA, or NULL */
	char			 serial[2 * CARD_SERIAL_MAX + 1];	/* hex */
	struct card_pin_status	 pin;
	tp_card_t		*tc;	/* the open connection */
	card_t			*card;	/* NULL: no profile */
	int			 rc;	/* the read's result (EBID_ERR_*) */
};
/*
 * tool_card_open: choose the reader and read the card with the module's
 * reader (insp_card_read); prints nothing but a reader-choice error, and
 * returns EBID_OK when the card can be judged, else the EBID_ERR_* (also
 * in c->rc).  tool_card_read: the same, the error said, an exit code.
 * Both leave c to tool_card_reset.
 */
int tool_card_open(struct tool *, const char *reader, struct tool_card *);
int tool_card_read(struct tool *, const char *reader, struct tool_card *);
void tool_card_reset(struct tool_card *);
/* The decision about a card read, exactly the module's (inspect.h). */
int tool_card_decide(struct tool *, const struct tool_card *,
    struct pol_decision *);
/* An EBID_ERR_* of the card or transport as a sentence, translated. */
const char *tool_card_strerr(int rc);
/* The exit code for an EBID_ERR_* (TOOL_EXIT_CARD for card I/O). */
int tool_exit_of(int rc);
/* A card error to stderr with the reader's name; returns the exit code. */
int tool_card_error(struct tool *, const struct tool_card *, int rc);
/*
 * Parses "-r READER" (or "--reader READER") options shared by the card
 * subcommands: returns the index of the first other argument, or -1
 * after printing a usage error.
 */
int tool_opt_reader(struct tool *, int argc, char **argv,
    const char **reader);

/* card.c: certificate facts for people */
void tool_cert_text(X509 *, int nid, char *out, size_t n);	/* subject */
void tool_cert_fp(X509 *, char *out, size_t n);	/* SHA-256, 64 hex */
void tool_time_text(const ASN1_TIME *, char *out, size_t n);	/* UTC */
/* The verdict and every reason, through out.c (key "verdict"). */
void tool_out_decision(struct tool *, const struct pol_decision *);
/* The configured authority behind a decision, or NULL. */
const struct conf_authority *tool_authority(struct tool *,
    const struct pol_decision *);
const char *tool_auth_name(const struct tool *,
    const struct conf_authority *);

/* pin.c: the persistent wrong-PIN count of a counter profile's card. */
struct conf_pinfile;
int tool_pin_counter_open(struct tool *, const struct tool_card *,
    const struct pol_decision *, struct conf_pinfile **);

/* Test hook: EBID_TOOL_TEST_DELAY_MS milliseconds between card steps. */
void tool_test_delay(void);

/* The policy decision, exactly as the module makes it (conf_trust). */
int tool_decide(struct tool *, X509 *cert, X509 *card_ca,
    struct pol_decision *);

int tool_cmd_readers(struct tool *, int, char **);
int tool_cmd_show(struct tool *, int, char **);
int tool_cmd_pin(struct tool *, int, char **);
int tool_cmd_trust(struct tool *, int, char **);
int tool_cmd_registry(struct tool *, int, char **);
int tool_cmd_interop(struct tool *, int, char **);

/*
 * interop's report: steps with pass/fail/skip, detail and time.  The
 * writers are separate so that tests can check them.
 */
enum tool_step_status {
	TOOL_STEP_PASS = 0,
	TOOL_STEP_FAIL,
	TOOL_STEP_SKIP,
};

#define TOOL_STEPS_MAX		16
#define TOOL_DETAIL_MAX		512

struct tool_step {
	const char		*id;		/* ASCII, stable */
	const char		*title;		/* translated */
	enum tool_step_status	 status;
	char			 detail[TOOL_DETAIL_MAX];	/* translated */
	long			 ms;
};

struct tool_report {
	char			 reader[TP_READER_MAX];
	char			 atr[2 * TP_ATR_MAX + 1];
	char			 started[32];	/* UTC, ISO 8601 */
	struct tool_step	 steps[TOOL_STEPS_MAX];
	size_t			 n;
};

const char *tool_step_status_name(enum tool_step_status);	/* ASCII */
/* Human text or JSON (t->json) through out.c. */
void tool_report_out(struct tool *, const struct tool_report *);
/* JUnit XML; returns 0, or -1 on a write error. */
int tool_report_junit(FILE *, const struct tool_report *);
/* 1 if every step passed. */
int tool_report_passed(const struct tool_report *);

#endif
