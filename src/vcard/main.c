/*
 * main.c - ebid-vcard: the card behind a vsmartcard-vpcd virtual
 * reader, as a description file says (docs/card-description.md).
 *
 *	ebid-vcard [-v] [-H host] [-p port] description
 *	ebid-vcard --check description
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vcard/card.h"
#include "vcard/desc.h"
#include "vcard/diag.h"
#include "vcard/loop.h"
#include "vcard/state.h"
#include "vcard/trace.h"

#define DEFAULT_HOST	"127.0.0.1"
#define DEFAULT_PORT	"35963"

struct opts {
	const char	*host;
	const char	*port;
	const char	*desc;
	int		 check;
	int		 verbose;
};

static void
usage(FILE *f)
{
	fprintf(f, "usage: ebid-vcard [-v] [-H host] [-p port] description\n"
	    "       ebid-vcard --check description\n");
}

static int
valid_port(const char *s)
{
	unsigned long v;
	char *end;

	if (*s < '0' || *s > '9')
		return 0;
	v = strtoul(s, &end, 10);
	return *end == '\0' && v >= 1 && v <= 65535;
}

/* 0: run; 1: exit 0 (help); -1: usage error. */
static int
parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ .name = "check", .has_arg = no_argument, .val = 'c' },
		{ .name = "help", .has_arg = no_argument, .val = 'h' },
		{ .name = NULL },
	};
	int ch;

	while ((ch = getopt_long(argc, argv, "H:hp:v", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			o->check = 1;
			break;
		case 'H':
			o->host = optarg;
			break;
		case 'h':
			usage(stdout);
			return 1;
		case 'p':
			if (!valid_port(optarg)) {
				vc_error("-p %s: not a port number", optarg);
				return -1;
			}
			o->port = optarg;
			break;
		case 'v':
			o->verbose = 1;
			break;
		default:
			return -1;
		}
	}
	if (argc - optind != 1)
		return -1;
	o->desc = argv[optind];
	return 0;
}

static void
print_summary(const struct vc_desc *d)
{
	printf("%s: ok: profile %s, %zu PIN%s, %zu file%s, %zu key%s, "
	    "state %s\n", d->path, vc_desc_profile_name(d->profile), d->npins,
	    d->npins == 1 ? "" : "s", d->nfiles, d->nfiles == 1 ? "" : "s",
	    d->nkeys, d->nkeys == 1 ? "" : "s", d->state_path);
}

static int
run(const struct opts *o)
{
	struct vc_desc *d = NULL;
	struct vc_card *c = NULL;
	int ok = -1;

	if (vc_desc_load(o->desc, &d) != 0 || vc_state_load(d, !o->check) != 0)
		goto fail;
	if (o->check) {
		print_summary(d);
		ok = 0;
		goto fail;
	}
	if (vc_card_new(&d, &c) != 0) {
		vc_error("out of memory");
		goto fail;
	}
	ok = vc_loop_run(c, o->host, o->port);
fail:
	vc_card_free(&c);
	vc_desc_free(&d);
	return ok;
}

int
main(int argc, char **argv)
{
	struct opts o = { .host = DEFAULT_HOST, .port = DEFAULT_PORT };
	int rc;

	if ((rc = parse_args(argc, argv, &o)) != 0) {
		if (rc < 0)
			usage(stderr);
		return rc < 0 ? EXIT_FAILURE : EXIT_SUCCESS;
	}
	vc_trace_enable(o.verbose);
	return run(&o) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
