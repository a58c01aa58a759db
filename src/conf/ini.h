/*
 * ini.h - the reader for our configuration files.
 *
 * UTF-8 text; '#' or ';' at the start of a line (after blanks) begins a
 * comment; "[type name]" or "[type]" opens a section; "key = value"
 * lines belong to the last section.  Values are trimmed; there is no
 * quoting and no continuation.  Lines longer than INI_LINE_MAX, NUL
 * bytes, invalid UTF-8 and anything that is none of the above are errors
 * naming file:line.
 */
#ifndef EBID_CONF_INI_H
#define EBID_CONF_INI_H

#include <stddef.h>

#define INI_LINE_MAX	1024
#define INI_ERR_MAX	512

struct ini_pos {
	const char	*file;
	unsigned	 line;
};

struct ini_ops {
	/* a new section; name is "" when absent */
	int	(*section)(void *arg, const struct ini_pos *, const char *type,
		    const char *name, char *err, size_t errlen);
	int	(*entry)(void *arg, const struct ini_pos *, const char *key,
		    const char *value, char *err, size_t errlen);
};

/*
 * Parse the text; on error returns EBID_ERR_CONFIG with "file:line: what"
 * in err.  The callbacks write only "what" into their err.
 */
int ini_parse(const char *file, const char *text, size_t len,
    const struct ini_ops *, void *arg, char *err, size_t errlen);
int ini_parse_file(const char *path, const struct ini_ops *, void *arg,
    char *err, size_t errlen);

#endif
