/*
 * mem.h - wiping and constant-time comparison of secrets.
 */
#ifndef EBID_COMMON_MEM_H
#define EBID_COMMON_MEM_H

#include <stddef.h>

void mem_wipe(void *, size_t);
int mem_equal_ct(const void *, const void *, size_t);

#endif
