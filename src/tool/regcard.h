/*
 * regcard.h - registry register, update and unregister (regcard.c).
 */
#ifndef EBID_TOOL_REGCARD_H
#define EBID_TOOL_REGCARD_H

#include "tool/tool.h"

int tool_reg_register(struct tool *t, int argc, char **argv);
int tool_reg_update(struct tool *t, int argc, char **argv);
int tool_reg_unregister(struct tool *t, int argc, char **argv);

#endif
