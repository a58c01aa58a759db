/*
 * ini.c - the reader for our configuration files.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <unistr.h>

#include "common/err.h"
#include "conf/ini.h"

#define INI_FILE_MAX	(1024 * 1024)

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Trim blanks at both ends, in place. */
static char *
trim(char *s)
{
	size_t n;

	while (is_blank(*s))
		s++;
	n = strlen(s);
	while (n > 0 && is_blank(s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* Strict UTF-8 (libunistring: no overlongs, no surrogates, <= U+10FFFF). */
static int
utf8_ok(const unsigned char *s, size_t n)
{
	return u8_check(s, n) == NULL;
}

struct ini_state {
	const char		*file;
	const struct ini_ops	*ops;
	void			*arg;
	int			 in_section;
	char			 what[INI_ERR_MAX];
};

static int
do_section(struct ini_state *st, const struct ini_pos *pos, char *line)
{
	char *end, *type, *name;

	if ((end = strchr(line, ']')) == NULL || *trim(end + 1) != '\0') {
		snprintf(st->what, sizeof(st->what), "bad section header");
		return EBID_ERR_CONFIG;
	}
	*end = '\0';
	type = trim(line + 1);
	name = type + strcspn(type, " \t");
	if (*name != '\0')
		*name++ = '\0';
	name = trim(name);
	if (*type == '\0' || strpbrk(name, " \t") != NULL) {
		snprintf(st->what, sizeof(st->what),
		    "section header must be [type] or [type name]");
		return EBID_ERR_CONFIG;
	}
	st->in_section = 1;
	return st->ops->section(st->arg, pos, type, name, st->what,
	    sizeof(st->what));
}

static int
do_entry(struct ini_state *st, const struct ini_pos *pos, char *line)
{
	char *eq, *key;

	if ((eq = strchr(line, '=')) == NULL) {
		snprintf(st->what, sizeof(st->what),
		    "expected \"key = value\" or [section]");
		return EBID_ERR_CONFIG;
	}
	*eq = '\0';
	key = trim(line);
	if (*key == '\0' || strpbrk(key, " \t") != NULL) {
		snprintf(st->what, sizeof(st->what), "bad key");
		return EBID_ERR_CONFIG;
	}
	if (!st->in_section) {
		snprintf(st->what, sizeof(st->what),
		    "\"%s\" outside any [section]", key);
		return EBID_ERR_CONFIG;
	}
	return st->ops->entry(st->arg, pos, key, trim(eq + 1), st->what,
	    sizeof(st->what));
}

static int
do_line(struct ini_state *st, const struct ini_pos *pos, char *line)
{
	char *s = trim(line);

	if (*s == '\0' || *s == '#' || *s == ';')
		return EBID_OK;
	if (*s == '[')
		return do_section(st, pos, s);
	return do_entry(st, pos, s);
}

int
ini_parse(const char *file, const char *text, size_t len,
    const struct ini_ops *ops, void *arg, char *err, size_t errlen)
{
	struct ini_state st = { .file = file, .ops = ops, .arg = arg };
	struct ini_pos pos = { .file = file, .line = 0 };
	char *line;
	size_t off = 0, n;
	int rc = EBID_OK;

	/*
	 * On the heap: with the error text in st, a line on the stack made a
	 * 2048-byte frame under ASan, over the 2 KiB frame limit.
	 */
	if ((line = malloc(INI_LINE_MAX + 1)) == NULL) {
		if (err != NULL)
			snprintf(err, errlen, "%s: out of memory", file);
		return EBID_ERR_NOMEM;
	}
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		off = 3;	/* a UTF-8 byte order mark */
	while (off < len && rc == EBID_OK) {
		pos.line++;
		for (n = 0; off + n < len && text[off + n] != '\n'; n++)
			;
		if (n > INI_LINE_MAX) {
			snprintf(st.what, sizeof(st.what), "line too long");
			rc = EBID_ERR_CONFIG;
		} else if (memchr(text + off, '\0', n) != NULL ||
		    !utf8_ok((const unsigned char *)text + off, n)) {
			snprintf(st.what, sizeof(st.what),
			    "not UTF-8 text (NUL or invalid byte sequence)");
			rc = EBID_ERR_CONFIG;
		} else {
			memcpy(line, text + off, n);
			line[n] = '\0';
			rc = do_line(&st, &pos, line);
		}
		off += n + 1;
	}
	free(line);
	if (rc != EBID_OK && err != NULL)
		snprintf(err, errlen, "%s:%u: %s", file, pos.line, st.what);
	return rc == EBID_OK || rc == EBID_ERR_NOMEM ? rc : EBID_ERR_CONFIG;
}

static int
read_all(const char *path, char **out, size_t *len, char *err, size_t errlen)
{
	struct stat sb;
	ssize_t r;
	char *buf = NULL;
	size_t got = 0;
	int fd, ok = EBID_ERR_CONFIG;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return EBID_ERR_CONFIG;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    sb.st_size > INI_FILE_MAX) {
		snprintf(err, errlen, "%s: not a regular file of at most "
		    "%d bytes", path, INI_FILE_MAX);
		goto fail;
	}
	if ((buf = malloc((size_t)sb.st_size + 1)) == NULL)
		goto fail;
	while (got < (size_t)sb.st_size && (r = read(fd, buf + got,
	    (size_t)sb.st_size - got)) > 0)
		got += (size_t)r;
	*out = buf;
	*len = got;
	buf = NULL;
	ok = EBID_OK;
fail:
	free(buf);
	close(fd);
	return ok;
}

int
ini_parse_file(const char *path, const struct ini_ops *ops, void *arg,
    char *err, size_t errlen)
{
	char *text = NULL;
	size_t len = 0;
	int rc;

	if ((rc = read_all(path, &text, &len, err, errlen)) != EBID_OK)
		return rc;
	rc = ini_parse(path, text, len, ops, arg, err, errlen);
	free(text);
	return rc;
}
