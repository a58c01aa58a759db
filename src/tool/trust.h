/*
 * trust.h - what the trust subcommands share: their options (trust.c).
 */
#ifndef EBID_TOOL_TRUST_H
#define EBID_TOOL_TRUST_H

#include <openssl/x509.h>

#include "tool/tool.h"

#define POLICY_ARGS	16
#define ARGS_MAX	(1 + POLICY_ARGS)

struct topts {
	const char	*name_ja;
	const char	*name_en;
	const char	*fp;
	const char	*lock;
	const char	*policy[POLICY_ARGS];
	size_t		 npolicy;
	int		 clear;
	int		 nargs;
	char		*args[ARGS_MAX];
};

int tool_trust_opts_parse(struct tool *t, int argc, char **argv, int nmin,
    int nmax, struct topts *o);
void tool_trust_out_cert_facts(struct tool *t, X509 *x);

#endif
