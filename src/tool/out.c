/*
 * out.c - human text or JSON from the same calls.
 *
 * JSON is written as it goes: a stack remembers, per nesting level,
 * whether it is a list and whether a member was written (for commas).
 * Strings are escaped for JSON (valid UTF-8 passes through; control bytes
 * as \u00XX; a byte that starts no valid UTF-8 character, as in a reader
 * name or a certificate field, becomes U+FFFD so that the output stays
 * JSON).  Human text is "label: value", two spaces per level.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <unistr.h>

#include "tool/tool.h"

#define OUT_DEPTH	16

static struct {
	int	depth;
	int	list[OUT_DEPTH];
	int	count[OUT_DEPTH];
} st;

static void
indent(struct tool *t)
{
	int i;

	for (i = 1; i < st.depth; i++)
		fputs("  ", t->out);
}

size_t
tool_utf8_len(const char *s)
{
	ucs4_t uc;
	int n;

	if (*s == '\0')
		return 0;
	n = u8_mbtoucr(&uc, (const uint8_t *)s, strnlen(s, 4));
	if (n < 1 || uc == 0xFFFE || uc == 0xFFFF)
		return 0;
	return (size_t)n;
}

static void
json_string(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	fputc('"', f);
	while (*p != '\0') {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", f);
		else if (*p < 0x20 || *p == 0x7F)
			fprintf(f, "\\u%04x", *p);
		else if (*p < 0x80)
			fputc(*p, f);
		else if ((n = tool_utf8_len((const char *)p)) == 0)
			fputs(TOOL_UTF8_BAD, f);
		else {
			fwrite(p, 1, n, f);
			p += n;
			continue;
		}
		p++;
	}
	fputc('"', f);
}

/* The comma, newline, indentation and "key": of a JSON member. */
static void
json_member(struct tool *t, const char *key)
{
	int i;

	if (st.count[st.depth]++ > 0)
		fputc(',', t->out);
	fputc('\n', t->out);
	for (i = 0; i < st.depth; i++)
		fputs("  ", t->out);
	if (key != NULL && !st.list[st.depth]) {
		json_string(t->out, key);
		fputs(": ", t->out);
	}
}

static void
push(int list)
{
	if (st.depth + 1 < OUT_DEPTH) {
		st.depth++;
		st.list[st.depth] = list;
		st.count[st.depth] = 0;
	}
}

static void
pop(struct tool *t, char close)
{
	int i;

	if (t->json) {
		if (st.count[st.depth] > 0) {
			fputc('\n', t->out);
			for (i = 0; i < st.depth - 1; i++)
				fputs("  ", t->out);
		}
		fputc(close, t->out);
	}
	if (st.depth > 0)
		st.depth--;
}

void
out_begin(struct tool *t)
{
	memset(&st, 0, sizeof(st));
	if (t->json)
		fputc('{', t->out);
	push(0);
}

void
out_end(struct tool *t)
{
	while (st.depth > 1)
		pop(t, st.list[st.depth] ? ']' : '}');
	pop(t, '}');
	if (t->json)
		fputc('\n', t->out);
	fflush(t->out);
}

void
out_str(struct tool *t, const char *key, const char *label, const char *val)
{
	if (t->json) {
		json_member(t, key);
		if (val == NULL)
			fputs("null", t->out);
		else
			json_string(t->out, val);
		return;
	}
	indent(t);
	if (st.list[st.depth] || label == NULL)
		fprintf(t->out, "%s%s\n", st.list[st.depth] ? "- " : "",
		    val != NULL ? val : "-");
	else
		fprintf(t->out, "%s: %s\n", label, val != NULL ? val : "-");
}

void
out_int(struct tool *t, const char *key, const char *label, long long v)
{
	char buf[32];

	if (t->json) {
		json_member(t, key);
		fprintf(t->out, "%lld", v);
		return;
	}
	snprintf(buf, sizeof(buf), "%lld", v);
	out_str(t, key, label, buf);
}

void
out_bool(struct tool *t, const char *key, const char *label, int v)
{
	if (t->json) {
		json_member(t, key);
		fputs(v ? "true" : "false", t->out);
		return;
	}
	out_str(t, key, label, v ? _("yes") : _("no"));
}

void
out_obj_begin(struct tool *t, const char *key, const char *label)
{
	if (t->json) {
		json_member(t, key);
		fputc('{', t->out);
	} else if (label != NULL) {
		indent(t);
		fprintf(t->out, "%s%s\n", st.list[st.depth] ? "- " : "",
		    label);
	}
	push(0);
}

void
out_obj_end(struct tool *t)
{
	pop(t, '}');
}

void
out_list_begin(struct tool *t, const char *key, const char *label)
{
	if (t->json) {
		json_member(t, key);
		fputc('[', t->out);
	} else if (label != NULL) {
		indent(t);
		fprintf(t->out, "%s:\n", label);
	}
	push(1);
}

void
out_list_end(struct tool *t)
{
	pop(t, ']');
}

void
out_text(struct tool *t, const char *fmt, ...)
{
	va_list ap;

	if (t->json)
		return;
	indent(t);
	va_start(ap, fmt);
	vfprintf(t->out, fmt, ap);
	va_end(ap);
	fputc('\n', t->out);
}

static void
to_err(struct tool *t, const char *what, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

static void
to_err(struct tool *t, const char *what, const char *fmt, va_list ap)
{
	fflush(t->out);
	fprintf(t->err, "ebid-tool: %s", what);
	vfprintf(t->err, fmt, ap);
	fputc('\n', t->err);
}

void
tool_error(struct tool *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	to_err(t, "", fmt, ap);
	va_end(ap);
}

void
tool_warn(struct tool *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	to_err(t, _("warning: "), fmt, ap);
	va_end(ap);
}

const char *
tool_lang(const struct tool *t, const char *en, const char *ja)
{
	return t->ja && ja != NULL && ja[0] != '\0' ? ja : en;
}
