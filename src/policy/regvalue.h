/*
 * regvalue.h - one registry field's value (regvalue.c).
 */
#ifndef EBID_POLICY_REGVALUE_H
#define EBID_POLICY_REGVALUE_H

#include <stddef.h>
#include <stdint.h>

#include "policy/registry.h"

unsigned char pol_rv_ascii_lower(unsigned char c);
char *pol_rv_dup_trim(const char *s, size_t n);
char *pol_rv_nfkc_trim(const char *s);
char *pol_rv_key_form(const char *s);
int pol_rv_vendor_ok(const char *v);
int pol_rv_mail_ok(const char *m);
int pol_rv_fp_parse(const char *s, uint8_t fp[POL_FP_LEN]);
int pol_rv_split(const char *s, char ***out, size_t *n);
void pol_rv_free_list(char **v, size_t n);

#endif
