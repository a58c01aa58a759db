/*
 * state.c - the state file: read strictly (a counter is never reset
 * silently), written atomically.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vcard/desc.h"
#include "vcard/diag.h"
#include "vcard/hex.h"
#include "vcard/num.h"
#include "vcard/state.h"

#define STATE_TOKENS	4

struct state_line {
	const char	*tok[STATE_TOKENS];
	size_t		 ntok;
};

static void
split(char *s, struct state_line *l)
{
	char *save = NULL, *t;

	l->ntok = 0;
	for (t = strtok_r(s, " \t\r\n", &save); t != NULL;
	    t = strtok_r(NULL, " \t\r\n", &save)) {
		if (l->ntok == STATE_TOKENS) {
			l->ntok++;	/* too many */
			return;
		}
		l->tok[l->ntok++] = t;
	}
}

/* One line; seen[] marks the PINs already given. 0 or -1. */
static int
state_line(struct vc_desc *d, const char *path, unsigned ln, char *s,
    int *seen)
{
	struct state_line l;
	uint16_t id;
	size_t n;
	int i;

	split(s, &l);
	if (l.ntok == 0 || l.tok[0][0] == '#')
		return 0;
	if (l.ntok != STATE_TOKENS || strcmp(l.tok[0], "pin") != 0 ||
	    strcmp(l.tok[2], "tries") != 0 ||
	    ((n = strlen(l.tok[1])) != 2 && n != 4) ||
	    vc_hex_id(l.tok[1], n / 2, &id) != 0) {
		vc_diag(path, ln, "expected `pin ID tries N'");
		return -1;
	}
	if ((i = vc_desc_pin_index(d, id)) < 0 || d->pins[i].idw != n / 2) {
		vc_diag(path, ln, "no [pin %s] in %s", l.tok[1], d->path);
		return -1;
	}
	if (seen[i]) {
		vc_diag(path, ln, "PIN %s given twice", l.tok[1]);
		return -1;
	}
	if (vc_num_parse(l.tok[3], 0, d->pins[i].max_tries,
	    &d->pins[i].tries) != 0) {
		vc_diag(path, ln, "tries `%s' is not a number from 0 to "
		    "max_tries (%u)", l.tok[3], d->pins[i].max_tries);
		return -1;
	}
	seen[i] = 1;
	return 0;
}

static int
state_read(struct vc_desc *d, FILE *f, int *seen)
{
	char *line = NULL;
	size_t cap = 0;
	unsigned ln = 0;
	int ok = 0;

	while (ok == 0 && getline(&line, &cap, f) >= 0)
		ok = state_line(d, d->state_path, ++ln, line, seen);
	if (ok == 0 && ferror(f)) {
		vc_diag(d->state_path, ln, "read error: %s", strerror(errno));
		ok = -1;
	}
	free(line);
	return ok;
}

int
vc_state_load(struct vc_desc *d, int save)
{
	int seen[VC_MAX_PINS] = { 0 };
	int missing = 0, ok = -1;
	FILE *f;
	size_t i;

	if ((f = fopen(d->state_path, "re")) == NULL && errno != ENOENT) {
		vc_diag(d->state_path, 0, "cannot open: %s", strerror(errno));
		return -1;
	}
	if (f != NULL && state_read(d, f, seen) != 0)
		goto fail;
	for (i = 0; i < d->npins; i++) {
		if (!seen[i]) {
			d->pins[i].tries = d->pins[i].max_tries;
			missing = 1;
		}
	}
	if ((missing || f == NULL) && save && vc_state_save(d) != 0)
		goto fail;
	ok = 0;
fail:
	if (f != NULL)
		fclose(f);
	return ok;
}

static int
write_all(int fd, const char *s, size_t n)
{
	ssize_t r;

	while (n > 0) {
		if ((r = write(fd, s, n)) < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		s += r;
		n -= (size_t)r;
	}
	return 0;
}

static int
write_pins(const struct vc_desc *d, int fd)
{
	char line[64];
	size_t i;
	int n;

	for (i = 0; i < d->npins; i++) {
		n = snprintf(line, sizeof(line), "pin %0*X tries %u\n",
		    (int)(2 * d->pins[i].idw), (unsigned)d->pins[i].id,
		    d->pins[i].tries);
		if (n < 0 || (size_t)n >= sizeof(line) ||
		    write_all(fd, line, (size_t)n) != 0)
			return -1;
	}
	return fsync(fd);
}

/* Make the rename itself durable. */
static int
sync_dir(const char *path)
{
	const int flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC;
	char *tmp;
	int fd, ok = -1;

	if ((tmp = strdup(path)) == NULL)
		goto fail;
	if ((fd = open(dirname(tmp), flags)) >= 0) {
		ok = fsync(fd);
		close(fd);
	}
fail:
	free(tmp);
	return ok;
}

int
vc_state_save(const struct vc_desc *d)
{
	char *tmp;
	size_t n = strlen(d->state_path) + sizeof(".XXXXXX");
	int fd, err = 0, ok = -1;

	if ((tmp = malloc(n)) == NULL)
		goto fail;
	snprintf(tmp, n, "%s.XXXXXX", d->state_path);
	if ((fd = mkstemp(tmp)) < 0)
		goto fail;
	ok = write_pins(d, fd);
	err = errno;
	if (close(fd) != 0 && ok == 0) {
		err = errno;
		ok = -1;
	}
	if (ok == 0 && rename(tmp, d->state_path) != 0) {
		err = errno;
		ok = -1;
	}
	if (ok != 0)
		unlink(tmp);
	else if ((ok = sync_dir(d->state_path)) != 0)
		err = errno;
	errno = err;
fail:
	if (ok != 0)
		vc_diag(d->state_path, 0, "cannot write: %s", strerror(errno));
	free(tmp);
	return ok;
}
