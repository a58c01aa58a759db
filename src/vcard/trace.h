/*
 * trace.h - the -v trace on stderr: control bytes, commands and
 * responses in hex.  The data field of VERIFY, CHANGE REFERENCE DATA
 * and RESET RETRY COUNTER is never printed, nor its length.
 */
#ifndef EBID_VCARD_TRACE_H
#define EBID_VCARD_TRACE_H

#include <stddef.h>
#include <stdint.h>

void vc_trace_enable(int);
void vc_trace_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vc_trace_ctl(uint8_t);
void vc_trace_cmd(const uint8_t *, size_t);
void vc_trace_resp(const uint8_t *, size_t);

#endif
