/*
 * store.h - how ebid-tool changes a file: atomically, with a backup,
 * serialized with other runs, and checked before it replaces anything.
 *
 * store_lock() takes an exclusive flock(2) on "FILE.lock" next to the
 * target, waiting up to STORE_LOCK_WAIT seconds (EBID_TOOL_LOCK_WAIT
 * overrides).  store_replace() writes "FILE.XXXXXX" in the same
 * directory, fsyncs it, reads it back and hands the bytes to a check
 * function, keeps the old file as "FILE~", renames the new one over
 * FILE and fsyncs the directory.  Every failure leaves FILE as it was
 * and prints why; the functions return TOOL_EXIT_* codes.
 */
#ifndef EBID_TOOL_STORE_H
#define EBID_TOOL_STORE_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/x509.h>

#include "tool/tool.h"

#define STORE_LOCK_WAIT		30		/* seconds */
#define STORE_FILE_MAX		(16u << 20)	/* bytes read */
#define STORE_PATH_MAX		(CONF_PATH_MAX + 16)

struct store_lock {
	int	fd;
};

/* The check run on the new bytes before rename: 0 when they are good. */
typedef int (*store_check_fn)(struct tool *, const char *path,
    const char *data, size_t len, void *arg);

int store_lock(struct tool *, const char *path, struct store_lock *);
void store_unlock(struct store_lock *);

/*
 * The whole file, NUL-terminated (*len excludes the NUL).  When it does
 * not exist: TOOL_EXIT_OK with *data NULL if missing_ok, else
 * TOOL_EXIT_CONFIG.
 */
int store_read(struct tool *, const char *path, int missing_ok,
    char **data, size_t *len);

int store_replace(struct tool *, const char *path, const void *data,
    size_t len, store_check_fn, void *arg);

/* Removes FILE, keeping it as FILE~. */
int store_remove(struct tool *, const char *path);

/* Certificates: PEM or DER files, SHA-256 fingerprints, dates, names. */
#define STORE_FP_LEN	32
#define STORE_FP_HEX	(2 * STORE_FP_LEN + 1)
#define STORE_CERTS_MAX	64		/* certificates in one file */
#define STORE_CERTFILE_MAX (1u << 20)	/* bytes of a certificate file */

/*
 * The certificates of a file, in file order, with the byte span of each
 * PEM block (a DER file: one certificate spanning the whole file).
 * About 1.6 KiB: allocated by the functions below.
 */
struct store_certs {
	size_t	 n;
	int	 der;
	X509	*x[STORE_CERTS_MAX];
	size_t	 s[STORE_CERTS_MAX], e[STORE_CERTS_MAX];
};

enum store_certs_mode {
	/*
	 * A file a person gives: one DER certificate, or PEM CERTIFICATE
	 * blocks with only blank lines around them; at least one.  Any
	 * other text, another kind of PEM block (a private key...), an
	 * empty file or one over STORE_CERTFILE_MAX bytes is refused.
	 */
	STORE_CERTS_INPUT,
	/* An installed CA bundle: PEM blocks; text around them is kept. */
	STORE_CERTS_BUNDLE,
};

/*
 * Parses data; on failure prints why (unless t is NULL) and returns
 * TOOL_EXIT_USAGE (INPUT) or TOOL_EXIT_CONFIG (BUNDLE).
 */
int store_certs_parse(struct tool *, const char *path, const char *data,
    size_t len, enum store_certs_mode, struct store_certs **);
/* The certificates of a file given on the command line (INPUT). */
int store_certs_read(struct tool *, const char *path, struct store_certs **);
void store_certs_free(struct store_certs **);
/* A file holding exactly one certificate (INPUT rules). */
int store_x509_read(struct tool *, const char *path, X509 **);
int store_x509_fp(X509 *, uint8_t fp[STORE_FP_LEN]);
void store_fp_hex(const uint8_t fp[STORE_FP_LEN], char *, size_t);
int store_fp_parse(const char *, uint8_t fp[STORE_FP_LEN]);
void store_date(const ASN1_TIME *, char *, size_t);
void store_name(const X509_NAME *, char *, size_t);

/* The directory part of path ("." if none), in out. */
void store_dirname(const char *path, char *out, size_t n);

#endif
