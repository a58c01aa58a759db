/*
 * num.h - decimal numbers in the description and state files.
 */
#ifndef EBID_VCARD_NUM_H
#define EBID_VCARD_NUM_H

/* A decimal number in [min, max], digits only, into *out.  0 or -1. */
int vc_num_parse(const char *s, unsigned min, unsigned max, unsigned *out);

#endif
