/*
 * trustedit.h - trust add and trust remove (trustedit.c).
 */
#ifndef EBID_TOOL_TRUSTEDIT_H
#define EBID_TOOL_TRUSTEDIT_H

#include "tool/tool.h"

int tool_trust_check_id(struct tool *t, const char *id);
int tool_trust_add(struct tool *t, int argc, char **argv);
int tool_trust_remove(struct tool *t, int argc, char **argv);
void tool_trust_section_span(const char *s, size_t len, unsigned line,
    size_t *start, size_t *end);

#endif
