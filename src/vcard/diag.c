/*
 * diag.c - error messages naming the file and line at fault.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "vcard/diag.h"

/* line 0 means the file as a whole (for example a missing section). */
void
vc_diag(const char *path, unsigned line, const char *fmt, ...)
{
	va_list ap;

	if (line != 0)
		fprintf(stderr, "%s:%u: ", path, line);
	else
		fprintf(stderr, "%s: ", path);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
vc_error(const char *fmt, ...)
{
	va_list ap;

	fputs("ebid-vcard: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
