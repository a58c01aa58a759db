/*
 * diag.h - "file:line: what is wrong" messages for the description and
 * state files, and plain errors of the emulator.
 */
#ifndef EBID_VCARD_DIAG_H
#define EBID_VCARD_DIAG_H

void vc_diag(const char *path, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void vc_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
