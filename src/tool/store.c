/*
 * store.c - atomic replacement of the configuration, the CA bundles and
 * the bidders' registry, with a backup and a lock (store.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <limits.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "common/err.h"
#include "common/hex.h"
#include "tool/store.h"

#define STORE_POLL_MS	50
/* Keeps each helper's path buffers in its own stack frame (< 2 KiB). */
#define NOINLINE	__attribute__((noinline))

void
store_dirname(const char *path, char *out, size_t n)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		snprintf(out, n, ".");
	else if (slash == path)
		snprintf(out, n, "/");
	else
		snprintf(out, n, "%.*s", (int)(slash - path), path);
}

static int
lock_wait(void)
{
	const char *s = secure_getenv("EBID_TOOL_LOCK_WAIT");
	long v;

	if (s == NULL || *s == '\0')
		return STORE_LOCK_WAIT;
	v = strtol(s, NULL, 10);
	return v < 0 ? 0 : v > 3600 ? 3600 : (int)v;
}

static void
nap(void)
{
	struct timespec ts = { 0, STORE_POLL_MS * 1000000L };

	nanosleep(&ts, NULL);
}

static int
lock_open(struct tool *t, const char *path, struct store_lock *l)
{
	l->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (l->fd < 0 && (errno == EROFS || errno == EACCES))
		l->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (l->fd < 0) {
		tool_error(t, _("%s: cannot create the lock file: %s (is the "
		    "directory read-only?)"), path, strerror(errno));
		return TOOL_EXIT_IO;
	}
	return TOOL_EXIT_OK;
}

int
store_lock(struct tool *t, const char *path, struct store_lock *l)
{
	int waited = 0, limit = lock_wait() * (1000 / STORE_POLL_MS), rc;
	char lp[STORE_PATH_MAX];

	l->fd = -1;
	if ((size_t)snprintf(lp, sizeof(lp), "%s.lock", path) >= sizeof(lp)) {
		tool_error(t, _("%s: path too long"), path);
		return TOOL_EXIT_IO;
	}
	if ((rc = lock_open(t, lp, l)) != TOOL_EXIT_OK)
		return rc;
	for (waited = 0;; waited++) {
		if (flock(l->fd, LOCK_EX | LOCK_NB) == 0)
			return TOOL_EXIT_OK;
		if (errno != EWOULDBLOCK && errno != EINTR) {
			tool_error(t, _("%s: cannot lock: %s"), lp,
			    strerror(errno));
			break;
		}
		if (waited == 20)
			tool_warn(t, _("%s: another ebid-tool is changing this "
			    "file; waiting (at most %d s)"), path, lock_wait());
		if (waited >= limit) {
			tool_error(t, _("%s: still locked by another ebid-tool "
			    "after %d s; nothing was changed"), path,
			    lock_wait());
			break;
		}
		nap();
	}
	store_unlock(l);
	return TOOL_EXIT_IO;
}

void
store_unlock(struct store_lock *l)
{
	if (l->fd >= 0)
		close(l->fd);	/* releases the flock */
	l->fd = -1;
}

static int
read_fd(struct tool *t, const char *path, int fd, char **data, size_t *len)
{
	struct stat sb;
	char *buf;

	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    (size_t)sb.st_size > STORE_FILE_MAX) {
		tool_error(t, _("%s: not a regular file of at most %u bytes"),
		    path, STORE_FILE_MAX);
		return TOOL_EXIT_CONFIG;
	}
	if ((buf = malloc((size_t)sb.st_size + 1)) == NULL) {
		tool_error(t, "%s", _("out of memory"));
		return TOOL_EXIT_INTERNAL;
	}
	if (pread(fd, buf, (size_t)sb.st_size, 0) != sb.st_size) {
		tool_error(t, _("%s: cannot read: %s"), path, strerror(errno));
		free(buf);
		return TOOL_EXIT_IO;
	}
	buf[sb.st_size] = '\0';
	*data = buf;
	*len = (size_t)sb.st_size;
	return TOOL_EXIT_OK;
}

int
store_read(struct tool *t, const char *path, int missing_ok, char **data,
    size_t *len)
{
	int fd, rc;

	*data = NULL;
	*len = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		if (errno == ENOENT && missing_ok)
			return TOOL_EXIT_OK;
		tool_error(t, _("%s: cannot open: %s"), path,
		    strerror(errno));
		return errno == ENOENT ? TOOL_EXIT_CONFIG : TOOL_EXIT_IO;
	}
	rc = read_fd(t, path, fd, data, len);
	close(fd);
	return rc;
}

static int
write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, p, len)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The temporary file, written and synced, with the old file's mode. */
static NOINLINE int
write_temp(struct tool *t, const char *path, char *tmp, size_t n,
    const void *data, size_t len)
{
	struct stat sb;
	int fd;

	snprintf(tmp, n, "%s.XXXXXX", path);
	if ((fd = mkstemp(tmp)) < 0) {
		tool_error(t, _("%s: cannot write in this directory: %s; "
		    "nothing was changed"), path, strerror(errno));
		return TOOL_EXIT_IO;
	}
	if (stat(path, &sb) == 0)	/* keep the owner where we may */
		(void)!fchown(fd, sb.st_uid, sb.st_gid);
	else
		sb.st_mode = 0644;
	if (fchmod(fd, sb.st_mode & 07777) != 0 ||
	    write_all(fd, data, len) != 0 || fsync(fd) != 0) {
		tool_error(t, _("%s: cannot write: %s; nothing was changed"),
		    tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		return TOOL_EXIT_IO;
	}
	close(fd);
	return TOOL_EXIT_OK;
}

/* Reads the temporary file back and checks what is really on disk. */
static NOINLINE int
recheck(struct tool *t, const char *path, const char *tmp, const void *data,
    size_t len, store_check_fn check, void *arg)
{
	char *back = NULL;
	size_t blen = 0;
	int rc;

	if ((rc = store_read(t, tmp, 0, &back, &blen)) != TOOL_EXIT_OK)
		return rc;
	if (blen != len || memcmp(back, data, len) != 0) {
		tool_error(t, _("%s: the file written differs from what was "
		    "meant; nothing was changed"), tmp);
		rc = TOOL_EXIT_IO;
	} else if (check != NULL && check(t, path, back, blen, arg) != 0) {
		tool_error(t, _("%s: the new contents fail their check; "
		    "nothing was changed"), path);
		rc = TOOL_EXIT_CONFIG;
	}
	free(back);
	return rc;
}

/* FILE~ becomes a hard link to the current FILE (if there is one). */
static NOINLINE int
backup(struct tool *t, const char *path)
{
	char bak[STORE_PATH_MAX];

	snprintf(bak, sizeof(bak), "%s~", path);
	if (access(path, F_OK) != 0)
		return TOOL_EXIT_OK;
	if ((unlink(bak) != 0 && errno != ENOENT) || link(path, bak) != 0) {
		tool_error(t, _("%s: cannot keep a backup: %s; nothing was "
		    "changed"), bak, strerror(errno));
		return TOOL_EXIT_IO;
	}
	return TOOL_EXIT_OK;
}

static NOINLINE void
sync_dir(const char *path)
{
	char dir[STORE_PATH_MAX];
	int fd;

	store_dirname(path, dir, sizeof(dir));
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		(void)fsync(fd);
		close(fd);
	}
}

int
store_replace(struct tool *t, const char *path, const void *data,
    size_t len, store_check_fn check, void *arg)
{
	char tmp[STORE_PATH_MAX];
	int rc;

	if (strlen(path) + 8 >= sizeof(tmp)) {
		tool_error(t, _("%s: path too long"), path);
		return TOOL_EXIT_IO;
	}
	if ((rc = write_temp(t, path, tmp, sizeof(tmp), data, len)) !=
	    TOOL_EXIT_OK)
		return rc;
	if ((rc = recheck(t, path, tmp, data, len, check, arg)) ==
	    TOOL_EXIT_OK && (rc = backup(t, path)) == TOOL_EXIT_OK &&
	    rename(tmp, path) != 0) {
		tool_error(t, _("%s: cannot replace: %s; nothing was changed"),
		    path, strerror(errno));
		rc = TOOL_EXIT_IO;
	}
	if (rc != TOOL_EXIT_OK)
		unlink(tmp);
	else
		sync_dir(path);
	return rc;
}

int
store_remove(struct tool *t, const char *path)
{
	char bak[STORE_PATH_MAX];

	snprintf(bak, sizeof(bak), "%s~", path);
	if (access(path, F_OK) != 0)
		return TOOL_EXIT_OK;
	if (rename(path, bak) != 0) {
		tool_error(t, _("%s: cannot remove: %s"), path,
		    strerror(errno));
		return TOOL_EXIT_IO;
	}
	sync_dir(path);
	return TOOL_EXIT_OK;
}

/* --- certificate files ---------------------------------------------- */

#define PEM_BEGIN	"-----BEGIN "
#define PEM_DASHES	"-----"
#define PEM_CERT_BEGIN	"-----BEGIN CERTIFICATE-----"
#define PEM_CERT_END	"-----END CERTIFICATE-----"

/* A cursor over the lines of a text. */
struct lines {
	const char	*d;
	size_t		 len;
	size_t		 off;	/* where the next line starts */
	unsigned	 no;	/* number of the line last read (1-based) */
};

struct certscan {
	struct tool		*t;	/* NULL: print nothing */
	const char		*path;
	enum store_certs_mode	 mode;
	struct lines		 l;
	struct store_certs	*c;
};

void
store_certs_free(struct store_certs **cp)
{
	size_t i;

	if (*cp == NULL)
		return;
	for (i = 0; i < (*cp)->n; i++)
		X509_free((*cp)->x[i]);
	free(*cp);
	*cp = NULL;
}

static int
is_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r';
}

/* The next line: where it starts, its length without trailing blanks. */
static int
line_next(struct lines *l, size_t *start, size_t *n)
{
	const char *nl;
	size_t end;

	if (l->off >= l->len)
		return 0;
	*start = l->off;
	nl = memchr(l->d + l->off, '\n', l->len - l->off);
	end = nl != NULL ? (size_t)(nl - l->d) : l->len;
	l->off = nl != NULL ? end + 1 : l->len;
	l->no++;
	while (end > *start && is_blank(l->d[end - 1]))
		end--;
	*n = end - *start;
	return 1;
}

static int
line_is(const char *s, size_t n, const char *what)
{
	return n == strlen(what) && memcmp(s, what, n) == 0;
}

static int
line_starts(const char *s, size_t n, const char *what)
{
	return n >= strlen(what) && memcmp(s, what, strlen(what)) == 0;
}

/* One DER certificate filling exactly len bytes; *used: bytes read. */
static X509 *
der_cert(const unsigned char *der, size_t len, size_t *used)
{
	const unsigned char *p = der;
	X509 *x;

	*used = 0;
	if (len > LONG_MAX || (x = d2i_X509(NULL, &p, (long)len)) == NULL)
		return NULL;
	*used = (size_t)(p - der);
	if (*used != len) {
		X509_free(x);
		x = NULL;
	}
	return x;
}

/* The PEM block s (one CERTIFICATE, no headers) as a certificate. */
static X509 *
pem_cert(const char *s, size_t len)
{
	char *name = NULL, *hdr = NULL;
	unsigned char *der = NULL;
	long n = 0;
	size_t used;
	X509 *x = NULL;
	BIO *bio;

	if (len >= INT_MAX || (bio = BIO_new_mem_buf(s, (int)len)) == NULL)
		return NULL;
	if (PEM_read_bio(bio, &name, &hdr, &der, &n) == 1 && n > 0 &&
	    strcmp(name, "CERTIFICATE") == 0 && hdr[0] == '\0')
		x = der_cert(der, (size_t)n, &used);
	OPENSSL_free(name);
	OPENSSL_free(hdr);
	OPENSSL_free(der);
	BIO_free(bio);
	return x;
}

/* From the BEGIN line at start to its END line, decoded. */
static int
scan_block(struct certscan *sc, size_t start)
{
	struct store_certs *c = sc->c;
	unsigned first = sc->l.no;
	size_t s = 0, n = 0;
	int found = 0;

	while (!found && line_next(&sc->l, &s, &n))
		found = line_starts(sc->l.d + s, n, PEM_DASHES);
	if (!found || !line_is(sc->l.d + s, n, PEM_CERT_END)) {
		if (sc->t != NULL)
			tool_error(sc->t, _("%s:%u: the certificate block has "
			    "no END CERTIFICATE line"), sc->path, first);
		return -1;
	}
	if (c->n == STORE_CERTS_MAX) {
		if (sc->t != NULL)
			tool_error(sc->t, _("%s: more than %d certificates"),
			    sc->path, STORE_CERTS_MAX);
		return -1;
	}
	c->s[c->n] = start;
	c->e[c->n] = sc->l.off;
	if ((c->x[c->n] = pem_cert(sc->l.d + start, sc->l.off - start)) ==
	    NULL) {
		if (sc->t != NULL)
			tool_error(sc->t, _("%s:%u: the certificate block does "
			    "not decode as one X.509 certificate"), sc->path,
			    first);
		return -1;
	}
	c->n++;
	return 0;
}

/* A line outside the blocks that a person's file must not have. */
static int
scan_other(struct certscan *sc, const char *s, size_t n)
{
	size_t ln = strlen(PEM_BEGIN), ld = strlen(PEM_DASHES);
	int label = line_starts(s, n, PEM_BEGIN) && n >= ln + ld &&
	    memcmp(s + n - ld, PEM_DASHES, ld) == 0;
	int lablen = label ? (int)(n - ln - ld) : 0;

	if (sc->t == NULL)
		return -1;
	if (label && memmem(s + ln, (size_t)lablen, "PRIVATE KEY", 11) != NULL)
		tool_error(sc->t, _("%s:%u: a private key (%.*s), not a "
		    "certificate: give ebid-tool the certificates only, and "
		    "keep the key secret; nothing was read"), sc->path,
		    sc->l.no, lablen, s + ln);
	else if (label)
		tool_error(sc->t, _("%s:%u: a PEM block of type '%.*s', not a "
		    "certificate; nothing was read"), sc->path, sc->l.no,
		    lablen, s + ln);
	else
		tool_error(sc->t, _("%s:%u: text outside a certificate block: "
		    "the file must hold only PEM certificates (or be one DER "
		    "certificate); nothing was read"), sc->path, sc->l.no);
	return -1;
}

static int
scan_pem(struct certscan *sc)
{
	size_t s, n;
	int bad = 0;

	while (!bad && line_next(&sc->l, &s, &n)) {
		if (n == 0)
			continue;
		if (line_is(sc->l.d + s, n, PEM_CERT_BEGIN))
			bad = scan_block(sc, s);
		else if (sc->mode == STORE_CERTS_INPUT)
			bad = scan_other(sc, sc->l.d + s, n);
	}
	return bad;
}

/* A person's file that holds no PEM block may be one DER certificate. */
static int
scan_der(struct certscan *sc)
{
	const unsigned char *d = (const unsigned char *)sc->l.d;
	size_t used;

	if ((sc->c->x[0] = der_cert(d, sc->l.len, &used)) != NULL) {
		sc->c->n = 1;
		sc->c->der = 1;
		sc->c->e[0] = sc->l.len;
		return 0;
	}
	if (sc->t != NULL && used > 0)
		tool_error(sc->t, _("%s: %zu bytes after the DER certificate; "
		    "nothing was read"), sc->path, sc->l.len - used);
	else if (sc->t != NULL)
		tool_error(sc->t, _("%s: not a certificate (PEM or DER)"),
		    sc->path);
	return -1;
}

static int
scan_input(struct certscan *sc)
{
	struct tool *t = sc->t;
	size_t i;

	if (sc->l.len > STORE_CERTFILE_MAX) {
		if (t != NULL)
			tool_error(t, _("%s: %zu bytes: too large for a "
			    "certificate file (at most %u)"), sc->path,
			    sc->l.len, STORE_CERTFILE_MAX);
		return -1;
	}
	for (i = 0; i < sc->l.len && (is_blank(sc->l.d[i]) ||
	    sc->l.d[i] == '\n'); i++)
		;
	if (i == sc->l.len) {
		if (t != NULL)
			tool_error(t, _("%s: no certificate in it (empty "
			    "file)"), sc->path);
		return -1;
	}
	if ((unsigned char)sc->l.d[0] == 0x30 || memmem(sc->l.d, sc->l.len,
	    PEM_BEGIN, strlen(PEM_BEGIN)) == NULL)
		return scan_der(sc);
	return scan_pem(sc);
}

int
store_certs_parse(struct tool *t, const char *path, const char *data,
    size_t len, enum store_certs_mode mode, struct store_certs **out)
{
	struct certscan sc;
	int bad;

	*out = NULL;
	memset(&sc, 0, sizeof(sc));
	sc.t = t;
	sc.path = path;
	sc.mode = mode;
	sc.l.d = data;
	sc.l.len = len;
	if ((sc.c = calloc(1, sizeof(*sc.c))) == NULL) {
		if (t != NULL)
			tool_error(t, "%s", _("out of memory"));
		return TOOL_EXIT_INTERNAL;
	}
	bad = mode == STORE_CERTS_INPUT ? scan_input(&sc) : scan_pem(&sc);
	if (bad) {
		store_certs_free(&sc.c);
		return mode == STORE_CERTS_INPUT ? TOOL_EXIT_USAGE :
		    TOOL_EXIT_CONFIG;
	}
	*out = sc.c;
	return TOOL_EXIT_OK;
}

int
store_certs_read(struct tool *t, const char *path, struct store_certs **out)
{
	char *data = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	if ((rc = store_read(t, path, 0, &data, &len)) != TOOL_EXIT_OK)
		return rc == TOOL_EXIT_CONFIG ? TOOL_EXIT_USAGE : rc;
	rc = store_certs_parse(t, path, data, len, STORE_CERTS_INPUT, out);
	free(data);
	return rc;
}

/* A file holding one certificate, no more. */
int
store_x509_read(struct tool *t, const char *path, X509 **out)
{
	struct store_certs *c = NULL;
	int rc;

	*out = NULL;
	if ((rc = store_certs_read(t, path, &c)) != TOOL_EXIT_OK)
		return rc;
	if (c->n != 1) {
		tool_error(t, _("%s holds %zu certificates; give a file with "
		    "one"), path, c->n);
		rc = TOOL_EXIT_USAGE;
	} else {
		*out = c->x[0];
		c->x[0] = NULL;
	}
	store_certs_free(&c);
	return rc;
}

int
store_x509_fp(X509 *x, uint8_t fp[STORE_FP_LEN])
{
	unsigned int n = 0;

	return X509_digest(x, EVP_sha256(), fp, &n) == 1 &&
	    n == STORE_FP_LEN ? 0 : -1;
}

/* 64 hex digits, upper case. */
void
store_fp_hex(const uint8_t fp[STORE_FP_LEN], char *out, size_t n)
{
	hex_encode(fp, STORE_FP_LEN, out, n, HEX_UPPER);
}

/* 64 hex digits, or 32 pairs separated by ':' (or spaces). */
int
store_fp_parse(const char *s, uint8_t fp[STORE_FP_LEN])
{
	size_t n;

	return hex_decode(s, ": ", fp, STORE_FP_LEN, &n) == EBID_OK &&
	    n == STORE_FP_LEN ? 0 : -1;
}

/* "YYYY-MM-DD" (UTC), or "?". */
void
store_date(const ASN1_TIME *tm, char *out, size_t n)
{
	if (tm == NULL || pol_date_text(tm, out, n) != EBID_OK)
		snprintf(out, n, "?");
}

/* A name as UTF-8 text: "C=JP, O=..., CN=...". */
void
store_name(const X509_NAME *nm, char *out, size_t n)
{
	(void)pol_name_text(nm, (XN_FLAG_ONELINE & ~XN_FLAG_SPC_EQ) |
	    ASN1_STRFLGS_UTF8_CONVERT, out, n);
}
