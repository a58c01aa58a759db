/*
 * desc.c - the description file: lines, comments, sections, and the
 * dispatch of "key = value" lines to descval.c.
 */
#include "config.h"

#include <errno.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "vcard/desc.h"
#include "vcard/descparse.h"
#include "vcard/diag.h"
#include "vcard/hex.h"

struct sect_name {
	enum desc_sect	 sect;
	const char	*name;
};

static const struct sect_name sect_names[] = {
	{ .sect = SECT_CARD, .name = "card" },
	{ .sect = SECT_PIN, .name = "pin" },
	{ .sect = SECT_FILE, .name = "file" },
	{ .sect = SECT_KEY, .name = "key" },
};
_Static_assert(sizeof(sect_names) / sizeof(sect_names[0]) == SECT_KEY,
    "one name per section kind");

void
vc_desc_err(struct desc_parser *p, unsigned line, const char *fmt, ...)
{
	struct desc_msg *m;
	va_list ap;

	if (p->nerr++ >= DESC_MAX_ERRORS)
		return;
	m = &p->msgs[p->nerr - 1];
	m->line = line;
	va_start(ap, fmt);
	vsnprintf(m->text, sizeof(m->text), fmt, ap);
	va_end(ap);
}

/* All errors, by line (stable: insertion sort of at most 20). */
static void
print_errors(const struct desc_parser *p)
{
	struct desc_msg *m = p->msgs, t;
	size_t i, j, n;

	n = p->nerr < DESC_MAX_ERRORS ? p->nerr : DESC_MAX_ERRORS;
	for (i = 1; i < n; i++) {
		t = m[i];
		for (j = i; j > 0 && m[j - 1].line > t.line; j--)
			m[j] = m[j - 1];
		m[j] = t;
	}
	for (i = 0; i < n; i++)
		vc_diag(p->d->path, m[i].line, "%s", m[i].text);
	if (p->nerr > n)
		vc_diag(p->d->path, 0, "%u more errors not shown",
		    p->nerr - (unsigned)n);
}

const char *
vc_desc_sect_name(enum desc_sect s)
{
	size_t i;

	for (i = 0; i < sizeof(sect_names) / sizeof(sect_names[0]); i++)
		if (sect_names[i].sect == s)
			return sect_names[i].name;
	return "?";
}

static enum desc_sect
sect_lookup(const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(sect_names) / sizeof(sect_names[0]); i++)
		if (strlen(sect_names[i].name) == n &&
		    strncmp(sect_names[i].name, name, n) == 0)
			return sect_names[i].sect;
	return SECT_NONE;
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
	    c == '\v' || c == '\f';
}

/* Trim in place; returns the first non-blank character. */
static char *
trim(char *s)
{
	size_t n;

	while (is_space(*s))
		s++;
	n = strlen(s);
	while (n > 0 && is_space(s[n - 1]))
		s[--n] = '\0';
	return s;
}

char *
vc_desc_path_join(const struct vc_desc *d, const char *rel)
{
	char *out;
	size_t n;

	if (rel[0] == '/' || strcmp(d->dir, ".") == 0)
		return strdup(rel);
	n = strlen(d->dir) + 1 + strlen(rel) + 1;
	if ((out = malloc(n)) == NULL)
		return NULL;
	snprintf(out, n, "%s/%s", d->dir, rel);
	return out;
}

int
vc_desc_pin_index(const struct vc_desc *d, uint16_t id)
{
	size_t i;

	for (i = 0; i < d->npins; i++)
		if (d->pins[i].id == id)
			return (int)i;
	return -1;
}

int
vc_desc_file_index(const struct vc_desc *d, uint16_t fid)
{
	size_t i;

	for (i = 0; i < d->nfiles; i++)
		if (d->files[i].fid == fid)
			return (int)i;
	return -1;
}

int
vc_desc_key_index(const struct vc_desc *d, uint16_t id)
{
	size_t i;

	for (i = 0; i < d->nkeys; i++)
		if (d->keys[i].id == id)
			return (int)i;
	return -1;
}

const char *
vc_desc_profile_name(enum vc_profile prof)
{
	switch (prof) {
	case VC_PROFILE_JACIC:
		return "jacic";
	case VC_PROFILE_JPKI:
		return "jpki";
	default:
		return "none";
	}
}

/* Line of an existing [sect id] section, or 0. */
static unsigned
sect_dup_line(const struct vc_desc *d, enum desc_sect s, uint16_t id)
{
	int i;

	switch (s) {
	case SECT_PIN:
		i = vc_desc_pin_index(d, id);
		return i < 0 ? 0 : d->pins[i].line;
	case SECT_FILE:
		i = vc_desc_file_index(d, id);
		return i < 0 ? 0 : d->files[i].line;
	case SECT_KEY:
		i = vc_desc_key_index(d, id);
		return i < 0 ? 0 : d->keys[i].line;
	default:
		return d->card_line;
	}
}

/* Append a new pin, file or key; -1 when the table is full. */
static int
sect_add(struct desc_parser *p, enum desc_sect s, uint16_t id, unsigned idw)
{
	struct vc_desc *d = p->d;

	if (s == SECT_PIN && d->npins < VC_MAX_PINS) {
		p->cur = d->npins++;
		d->pins[p->cur] = (struct vc_pin){ .id = id, .idw = idw,
		    .line = p->line };
	} else if (s == SECT_FILE && d->nfiles < VC_MAX_FILES) {
		p->cur = d->nfiles++;
		d->files[p->cur] = (struct vc_file){ .fid = id, .idw = idw,
		    .line = p->line, .read_pin.idx = -1 };
	} else if (s == SECT_KEY && d->nkeys < VC_MAX_KEYS) {
		p->cur = d->nkeys++;
		d->keys[p->cur] = (struct vc_key){ .id = id, .idw = idw,
		    .line = p->line, .pin.idx = -1 };
	} else
		return -1;
	return 0;
}

static void
sect_open_card(struct desc_parser *p, const char *arg)
{
	if (*arg != '\0') {
		vc_desc_err(p, p->line, "[card] takes no argument");
		return;
	}
	if (p->d->card_line != 0) {
		vc_desc_err(p, p->line, "duplicate [card] section (first at "
		    "line %u)", p->d->card_line);
		return;
	}
	p->d->card_line = p->line;
	p->sect = SECT_CARD;
	p->skip = 0;
}

static void
sect_open_obj(struct desc_parser *p, enum desc_sect s, const char *arg)
{
	const char *name = vc_desc_sect_name(s);
	size_t n = strlen(arg);
	unsigned first;
	uint16_t id;

	if (n != 2 && n != 4) {
		vc_desc_err(p, p->line, "[%s] needs a hex id of 2 or 4 digits, "
		    "as in [%s 01] or [%s 0001]", name, name, name);
		return;
	}
	if (vc_hex_id(arg, n / 2, &id) != 0) {
		vc_desc_err(p, p->line, "[%s %s]: id is not hex", name, arg);
		return;
	}
	if ((first = sect_dup_line(p->d, s, id)) != 0) {
		vc_desc_err(p, p->line, "duplicate [%s %s] (first at line %u)",
		    name, arg, first);
		return;
	}
	if (sect_add(p, s, id, (unsigned)(n / 2)) != 0) {
		vc_desc_err(p, p->line, "too many [%s] sections", name);
		return;
	}
	p->sect = s;
	p->skip = 0;
}

/* "[name]" or "[name arg]"; s is trimmed and starts with '['. */
static void
parse_section(struct desc_parser *p, char *s)
{
	char *name, *arg;
	size_t n, len = strlen(s);
	enum desc_sect sect;

	p->sect = SECT_NONE;
	p->skip = 1;
	if (s[len - 1] != ']') {
		vc_desc_err(p, p->line, "section header must end with `]'");
		return;
	}
	s[len - 1] = '\0';
	name = trim(s + 1);
	n = strcspn(name, " \t");
	arg = trim(name + n);
	if (strcspn(arg, " \t") != strlen(arg)) {
		vc_desc_err(p, p->line, "section header has too many words");
		return;
	}
	if ((sect = sect_lookup(name, n)) == SECT_NONE) {
		vc_desc_err(p, p->line, "unknown section [%.*s] (card, pin, "
		    "file or key)", (int)n, name);
		return;
	}
	if (sect == SECT_CARD)
		sect_open_card(p, arg);
	else
		sect_open_obj(p, sect, arg);
}

static unsigned *
sect_seen(struct desc_parser *p)
{
	switch (p->sect) {
	case SECT_PIN:
		return &p->d->pins[p->cur].seen;
	case SECT_FILE:
		return &p->d->files[p->cur].seen;
	case SECT_KEY:
		return &p->d->keys[p->cur].seen;
	default:
		return &p->d->card_seen;
	}
}

static const struct desc_key_rule *
rule_lookup(enum desc_sect s, const char *key, unsigned *bit)
{
	size_t i;

	for (i = 0; i < vc_desc_nkey_rules; i++) {
		if (vc_desc_key_rules[i].sect == s &&
		    strcmp(vc_desc_key_rules[i].name, key) == 0) {
			*bit = 1U << i;
			return &vc_desc_key_rules[i];
		}
	}
	return NULL;
}

static void
parse_keyval(struct desc_parser *p, char *s)
{
	const struct desc_key_rule *r;
	char *eq, *key, *val;
	unsigned bit, *seen;

	if ((eq = strchr(s, '=')) == NULL) {
		vc_desc_err(p, p->line,
		    "expected `key = value' or `[section]'");
		return;
	}
	*eq = '\0';
	key = trim(s);
	val = trim(eq + 1);
	if (p->skip)
		return;
	if (*key == '\0') {
		vc_desc_err(p, p->line, "no key before `='");
		return;
	}
	if (p->sect == SECT_NONE) {
		vc_desc_err(p, p->line, "`%s' outside of any section", key);
		return;
	}
	if ((r = rule_lookup(p->sect, key, &bit)) == NULL) {
		vc_desc_err(p, p->line, "unknown key `%s' in [%s]", key,
		    vc_desc_sect_name(p->sect));
		return;
	}
	seen = sect_seen(p);
	if (*seen & bit)
		vc_desc_err(p, p->line, "`%s' given twice in this section",
		    key);
	else if (*val == '\0')
		vc_desc_err(p, p->line, "`%s' has no value", key);
	else
		r->set(p, val);
	*seen |= bit;
}

static void
parse_line(struct desc_parser *p, char *line, size_t n)
{
	char *s;

	static const char bom[] = "\xEF\xBB\xBF";

	if (strlen(line) != n) {
		vc_desc_err(p, p->line, "NUL byte in line");
		return;
	}
	if (p->line == 1 && strncmp(line, bom, sizeof(bom) - 1) == 0)
		line += sizeof(bom) - 1;	/* a UTF-8 byte order mark */
	line[strcspn(line, "#")] = '\0';
	s = trim(line);
	if (*s == '\0')
		return;
	if (*s == '[')
		parse_section(p, s);
	else
		parse_keyval(p, s);
}

static int
parse_file(struct desc_parser *p, FILE *f)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	while ((n = getline(&line, &cap, f)) >= 0) {
		p->line++;
		parse_line(p, line, (size_t)n);
	}
	if (line != NULL)
		mem_wipe(line, cap);	/* may have held a PIN */
	free(line);
	return ferror(f) ? -1 : 0;
}

static int
desc_init(struct vc_desc *d, const char *path)
{
	char *tmp;
	int ok = -1;

	if ((tmp = strdup(path)) == NULL)
		goto fail;
	if ((d->path = strdup(path)) == NULL ||
	    (d->dir = strdup(dirname(tmp))) == NULL)
		goto fail;
	ok = 0;
fail:
	free(tmp);
	return ok;
}

int
vc_desc_load(const char *path, struct vc_desc **out)
{
	struct desc_parser p = { 0 };
	struct vc_desc *d;
	FILE *f = NULL;
	int ok = -1;

	*out = NULL;
	if ((d = calloc(1, sizeof(*d))) == NULL || desc_init(d, path) != 0 ||
	    (p.msgs = calloc(DESC_MAX_ERRORS, sizeof(*p.msgs))) == NULL) {
		vc_error("out of memory");
		goto fail;
	}
	p.d = d;
	if ((f = fopen(path, "re")) == NULL) {
		vc_diag(path, 0, "cannot open: %s", strerror(errno));
		goto fail;
	}
	if (parse_file(&p, f) != 0) {
		vc_diag(path, p.line, "read error: %s", strerror(errno));
		goto fail;
	}
	if (p.nerr == 0)
		vc_desc_check(&p);
	if (p.nerr != 0) {
		print_errors(&p);
		goto fail;
	}
	*out = d;
	d = NULL;
	ok = 0;
fail:
	if (f != NULL)
		fclose(f);
	free(p.msgs);
	vc_desc_free(&d);
	return ok;
}

void
vc_desc_free(struct vc_desc **dp)
{
	struct vc_desc *d;
	size_t i;

	if (dp == NULL || (d = *dp) == NULL)
		return;
	for (i = 0; i < d->nfiles; i++)
		free(d->files[i].data);
	for (i = 0; i < d->nkeys; i++)
		EVP_PKEY_free(d->keys[i].pkey);
	free(d->path);
	free(d->dir);
	free(d->state_path);
	mem_wipe(d, sizeof(*d));	/* the PIN values */
	free(d);
	*dp = NULL;
}
