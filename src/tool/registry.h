/*
 * registry.h - what the registry subcommands share: their options and
 * the labels of the categories.
 */
#ifndef EBID_TOOL_REGISTRY_H
#define EBID_TOOL_REGISTRY_H

#include "policy/registry.h"
#include "tool/tool.h"

struct ropts {
	const char	*category;
	const char	*reader;
	const char	*cert;
	const char	*fp;
	const char	*old_reader;
	const char	*new_reader;
	const char	*old_cert;
	const char	*new_cert;
	int		 apply;
	int		 nargs;
	char		*args[2];
};

const char *tool_reg_cat_label(enum pol_category c);
int tool_reg_cat_parse(struct tool *t, const char *s, enum pol_category *out);
int tool_reg_opts_parse(struct tool *t, int argc, char **argv, int nargs,
    struct ropts *o);

#endif
