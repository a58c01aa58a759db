/*
 * trace.c - what -v prints.  The command is read with the cursor API
 * like any other untrusted input.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "common/buf.h"
#include "common/err.h"
#include "vcard/apdu.h"
#include "vcard/hex.h"
#include "vcard/trace.h"
#include "vcard/vpcd.h"

#define APDU_HEADER	4

static int trace_on;

void
vc_trace_enable(int on)
{
	trace_on = on;
}

void
vc_trace_msg(const char *fmt, ...)
{
	va_list ap;

	if (!trace_on)
		return;
	fputs("ebid-vcard: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
vc_trace_ctl(uint8_t ctl)
{
	switch (ctl) {
	case VPCD_CTRL_POWER_OFF:
		vc_trace_msg("power off");
		break;
	case VPCD_CTRL_POWER_ON:
		vc_trace_msg("power on");
		break;
	case VPCD_CTRL_RESET:
		vc_trace_msg("reset");
		break;
	case VPCD_CTRL_ATR:
		vc_trace_msg("get ATR");
		break;
	default:
		vc_trace_msg("unknown control byte %02X, ignored", ctl);
		break;
	}
}

void
vc_trace_cmd(const uint8_t *p, size_t len)
{
	uint8_t hdr[APDU_HEADER];
	const uint8_t *q = p;
	size_t n = len;

	if (!trace_on)
		return;
	fputs("ebid-vcard: > ", stderr);
	if (buf_read(&q, &n, hdr, sizeof(hdr)) == EBID_OK &&
	    vc_apdu_is_secret(hdr[1]) && n != 0) {
		vc_hex_print(stderr, hdr, sizeof(hdr));
		fputs(" [data redacted]", stderr);
	} else
		vc_hex_print(stderr, p, len);
	fputc('\n', stderr);
}

void
vc_trace_resp(const uint8_t *p, size_t len)
{
	if (!trace_on)
		return;
	fputs("ebid-vcard: < ", stderr);
	vc_hex_print(stderr, p, len);
	fputc('\n', stderr);
}
