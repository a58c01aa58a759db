/*
 * pinfile.c - the per-card count of wrong PINs (pinfile.h).
 *
 * <dir>/<card>.lock is flock-ed for as long as the handle is open; the
 * count lives in <dir>/<card>.count as one decimal line, replaced by
 * writing <dir>/<card>.tmp and renaming it.  A file that does not hold
 * a plain number is not trusted: the count is taken as unknown (-1), so
 * that the guard refuses rather than guesses.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/err.h"
#include "common/log.h"
#include "conf/pinfile.h"

#define PF_PATH_MAX	512	/* <dir>/<card>: HOME paths are shorter */
#define PF_LOCK_STEP_MS	10	/* how often a waiter tries the lock */

struct conf_pinfile {
	int	lockfd;
	int	wrong;		/* -1: the file is unreadable */
	char	base[PF_PATH_MAX];	/* <dir>/<card> */
};

int
conf_pinfile_dir(char *out, size_t n)
{
	const char *x = secure_getenv("XDG_STATE_HOME");
	const char *home = secure_getenv("HOME");
	int w;

	if (x != NULL && x[0] == '/')
		w = snprintf(out, n, "%s/ebid-pkcs11", x);
	else if (home != NULL && home[0] == '/')
		w = snprintf(out, n, "%s/.local/state/ebid-pkcs11", home);
	else
		return EBID_ERR_CONFIG;
	return w < 0 || (size_t)w >= n ? EBID_ERR_CONFIG : EBID_OK;
}

/* mkdir -p, the last component 0700. */
static int
make_dir(const char *dir)
{
	char p[PF_PATH_MAX];
	size_t i;

	if (strlen(dir) >= sizeof(p))
		return EBID_ERR_CONFIG;
	snprintf(p, sizeof(p), "%s", dir);
	for (i = 1; p[i] != '\0'; i++) {
		if (p[i] != '/')
			continue;
		p[i] = '\0';
		if (mkdir(p, 0755) != 0 && errno != EEXIST)
			return EBID_ERR_IO;
		p[i] = '/';
	}
	if (mkdir(p, 0700) != 0 && errno != EEXIST)
		return EBID_ERR_IO;
	return EBID_OK;
}

/* A card ID is a name and hex: nothing else may reach a file name. */
static int
id_ok(const char *id)
{
	size_t n = strlen(id);

	return n > 0 && n <= 128 && id[0] != '-' && strspn(id,
	    "0123456789ABCDEFabcdefghijklmnopqrstuvwxyz_-") == n;
}

/* The count in path; 0 if there is none, -1 if it cannot be trusted. */
static int
read_count(const char *path)
{
	char buf[16], *end;
	struct stat sb;
	ssize_t n = -1;
	long v;
	int fd;

	/* not through a symlink: its target is not this card's count */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW |
	    O_NONBLOCK)) < 0)
		return errno == ENOENT ? 0 : -1;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode))
		n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	errno = 0;
	v = strtol(buf, &end, 10);
	if (end == buf || (*end != '\n' && *end != '\0') || errno != 0 ||
	    v < 0 || v > 255)
		return -1;
	return (int)v;
}

static long long
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/*
 * flock(LOCK_EX) for at most wait_ms: a holder that hangs (a stopped
 * process in the middle of a VERIFY) must not hang every other process
 * of the user, a browser loading the module among them.
 */
static int
lock_wait(int fd, int wait_ms)
{
	const struct timespec step = { 0, PF_LOCK_STEP_MS * 1000000L };
	long long end = now_ns() + (long long)wait_ms * 1000000LL;

	for (;;) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			return EBID_OK;
		if (errno != EWOULDBLOCK && errno != EINTR)
			return EBID_ERR_IO;
		if (now_ns() >= end)
			return EBID_ERR_TIMEOUT;
		nanosleep(&step, NULL);
	}
}

int
conf_pinfile_open(const char *dir, const char *card, struct conf_pinfile **out)
{
	return conf_pinfile_open_wait(dir, card, CONF_PINFILE_WAIT_MS, out);
}

int
conf_pinfile_open_wait(const char *dir, const char *card, int wait_ms,
    struct conf_pinfile **out)
{
	struct conf_pinfile *pf;
	char path[PF_PATH_MAX + 8];
	int rc;

	if (dir == NULL || card == NULL || out == NULL || !id_ok(card) ||
	    wait_ms < 0)
		return EBID_ERR_ARG;
	if ((rc = make_dir(dir)) != EBID_OK)
		return rc;
	if ((pf = calloc(1, sizeof(*pf))) == NULL)
		return EBID_ERR_NOMEM;
	if ((size_t)snprintf(pf->base, sizeof(pf->base), "%s/%s", dir, card) >=
	    sizeof(pf->base)) {
		free(pf);
		return EBID_ERR_CONFIG;
	}
	snprintf(path, sizeof(path), "%s.lock", pf->base);
	if ((pf->lockfd = open(path, O_RDWR | O_CREAT | O_CLOEXEC |
	    O_NOFOLLOW, 0600)) < 0) {
		free(pf);
		return EBID_ERR_IO;
	}
	if ((rc = lock_wait(pf->lockfd, wait_ms)) != EBID_OK) {
		close(pf->lockfd);
		free(pf);
		return rc;
	}
	snprintf(path, sizeof(path), "%s.count", pf->base);
	pf->wrong = read_count(path);
	*out = pf;
	return EBID_OK;
}

int
conf_pinfile_wrong(const struct conf_pinfile *pf)
{
	return pf != NULL ? pf->wrong : -1;
}

int
conf_pinfile_record(struct conf_pinfile *pf, int wrong)
{
	char tmp[PF_PATH_MAX + 8], path[PF_PATH_MAX + 8];
	int fd, n, v, rc = EBID_ERR_IO;
	char line[16];

	if (pf == NULL)
		return EBID_ERR_ARG;
	v = wrong ? (pf->wrong < 0 ? 1 : pf->wrong + 1) : 0;
	if (v > 255)
		v = 255;
	snprintf(tmp, sizeof(tmp), "%s.tmp", pf->base);
	snprintf(path, sizeof(path), "%s.count", pf->base);
	n = snprintf(line, sizeof(line), "%d\n", v);
	/*
	 * A new file, never one left (or planted) at tmp: a symlink there
	 * is neither followed nor allowed to stop the count for good.
	 * The lock keeps every other writer out meanwhile.
	 */
	if ((unlink(tmp) != 0 && errno != ENOENT) || (fd = open(tmp,
	    O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600)) < 0) {
		log_warn("PIN counter %s could not be written", path);
		return EBID_ERR_IO;
	}
	if (write(fd, line, (size_t)n) == n && fsync(fd) == 0)
		rc = EBID_OK;
	if (close(fd) != 0)
		rc = EBID_ERR_IO;
	if (rc == EBID_OK && rename(tmp, path) != 0)
		rc = EBID_ERR_IO;
	if (rc != EBID_OK) {
		unlink(tmp);
		log_warn("PIN counter %s could not be written", path);
		return rc;
	}
	pf->wrong = v;
	return EBID_OK;
}

void
conf_pinfile_close(struct conf_pinfile **pp)
{
	if (pp == NULL || *pp == NULL)
		return;
	close((*pp)->lockfd);	/* releases the flock */
	free(*pp);
	*pp = NULL;
}

int
conf_pinfile_open_card(const struct conf *c, const char *authority,
    const char *serial_hex, struct conf_pinfile **pf)
{
	char dir[CONF_PATH_MAX], id[160];
	const char *cfg;

	if (c == NULL || authority == NULL || serial_hex == NULL || pf == NULL)
		return EBID_ERR_ARG;
	if (serial_hex[0] == '\0')
		return EBID_ERR_CONFIG;		/* no serial: no file name */
	cfg = c->policy.pin_state_dir;
	if (cfg[0] != '\0') {
		if (conf_path(c, cfg, dir, sizeof(dir)) != EBID_OK)
			return EBID_ERR_CONFIG;
	} else if (conf_pinfile_dir(dir, sizeof(dir)) != EBID_OK) {
		return EBID_ERR_CONFIG;
	}
	if ((size_t)snprintf(id, sizeof(id), "%s-%s", authority, serial_hex) >=
	    sizeof(id))
		return EBID_ERR_CONFIG;
	return conf_pinfile_open(dir, id, pf);
}

int
conf_pinfile_begin(struct conf_pinfile *pf)
{
	int before;

	if (pf == NULL)
		return EBID_ERR_ARG;
	before = pf->wrong;
	if (conf_pinfile_record(pf, 1) != EBID_OK)
		return EBID_ERR_PIN_GUARD;	/* uncounted: never send */
	pf->wrong = before;	/* the count before this try, for _end */
	return EBID_OK;
}

int
conf_pinfile_end(struct conf_pinfile *pf, int verify_rc)
{
	if (pf == NULL)
		return EBID_ERR_ARG;
	if (verify_rc == EBID_OK)
		return conf_pinfile_record(pf, 0);
	pf->wrong = pf->wrong < 0 ? 1 : pf->wrong + 1;	/* as written */
	return EBID_OK;
}
