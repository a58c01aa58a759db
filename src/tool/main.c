/*
 * main.c - ebid-tool: options, language, configuration, dispatch.
 *
 *	ebid-tool [-c CONF] [--json] [--lang ja|en] COMMAND [ARGS]
 *
 * Messages are Japanese when the message locale is Japanese or with
 * --lang ja.  The catalogue is found in LOCALEDIR, or in
 * $EBID_TOOL_LOCALEDIR (the build tree's, for the tests).  When the
 * Japanese locale is not generated on the machine, C.UTF-8 with
 * LANGUAGE=ja still selects the catalogue.
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "common/err.h"
#include "tool/tool.h"

#ifndef LOCALEDIR
#define LOCALEDIR	"/usr/local/share/locale"
#endif
#ifndef SYSCONFDIR
#define SYSCONFDIR	"/etc"
#endif
#define CONF_DEFAULT	SYSCONFDIR "/ebid-pkcs11.conf"

struct cmd {
	const char	*name;
	int		(*fn)(struct tool *, int, char **);
	const char	*usage;		/* untranslated: syntax */
	const char	*what;		/* N_(): one line */
};

static const struct cmd cmds[] = {
	{ "readers", tool_cmd_readers, "readers",
	    N_("every reader, its card, and whether the card is accepted") },
	{ "show", tool_cmd_show, "show [-r READER | FILE]",
	    N_("a card's certificate: holder, authority, validity, verdict") },
	{ "pin", tool_cmd_pin, "pin [-r READER]",
	    N_("PIN tries left and the guard's view (never spends a try)") },
	{ "interop", tool_cmd_interop, "interop [-r READER] "
	    "[--pin-env VAR | --pin-stdin] [--report DIR]",
	    N_("the certification authorities' conformance test") },
	{ "trust", tool_cmd_trust, "trust list | show AUTHORITY | add "
	    "AUTHORITY CERT [--name-ja T] [--name-en T] [--lock-count N] "
	    "[--policy OID]... | policy AUTHORITY (OID... | --clear) | "
	    "remove AUTHORITY [--fingerprint FP]",
	    N_("the trusted authorities and their CA certificates") },
	{ "registry", tool_cmd_registry, "registry import FILE [--apply] | "
	    "list | show VENDOR [--category C] | register VENDOR --category C "
	    "(-r READER | --cert FILE) | update VENDOR --category C "
	    "(--old-reader R1 --new-reader R2 | --old-cert F1 --new-cert F2) | "
	    "unregister VENDOR --category C "
	    "(-r READER | --cert FILE | --fingerprint FP)",
	    N_("the bidders' registry: import, list, register, update") },
};

#define NCMDS	(sizeof(cmds) / sizeof(cmds[0]))

static const struct cmd *
find_cmd(const char *name)
{
	size_t i;

	for (i = 0; i < NCMDS; i++)
		if (strcmp(cmds[i].name, name) == 0)
			return &cmds[i];
	return NULL;
}

static void
usage(struct tool *t, FILE *f)
{
	size_t i;

	fprintf(f, "%s: ebid-tool [-c CONF] [--json] [--lang ja|en] "
	    "COMMAND [ARGS]\n", _("usage"));
	fprintf(f, "       ebid-tool --help | --version | help COMMAND\n\n");
	fprintf(f, "%s\n", _("Commands:"));
	for (i = 0; i < NCMDS; i++)
		fprintf(f, "  %-10s %s\n", cmds[i].name, _(cmds[i].what));
	fprintf(f, "\n%s\n", _("Exit codes: 0 ok, 1 check failed, 2 usage, "
	    "3 configuration, 4 card or reader, 5 file system, 6 internal."));
	fprintf(f, "%s\n", _("See ebid-tool(1)."));
	(void)t;
}

static int
help_cmd(struct tool *t, const char *name)
{
	const struct cmd *c;

	if (name == NULL) {
		usage(t, t->out);
		return TOOL_EXIT_OK;
	}
	if ((c = find_cmd(name)) == NULL) {
		tool_error(t, _("unknown command \"%s\" (ebid-tool --help "
		    "lists them)"), name);
		return TOOL_EXIT_USAGE;
	}
	fprintf(t->out, "%s: ebid-tool [-c CONF] [--json] %s\n  %s\n",
	    _("usage"), c->usage, _(c->what));
	return TOOL_EXIT_OK;
}

/* "ja", "ja_JP.UTF-8"... : the first of LC_ALL, LC_MESSAGES, LANG set. */
static int
env_is_ja(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	const char *v;
	size_t i;

	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		if ((v = secure_getenv(vars[i])) != NULL && v[0] != '\0')
			return strncmp(v, "ja", 2) == 0;
	return 0;
}

/* --lang before the command, for messages printed while parsing. */
static int
lang_arg(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc - 1; i++) {
		if (strcmp(argv[i], "--lang") == 0)
			return strcmp(argv[i + 1], "ja") == 0 ? 1 : 0;
		if (argv[i][0] != '-')
			break;
	}
	return -1;
}

static void
set_language(struct tool *t, int ja)
{
	const char *m;

	t->ja = ja;
	m = setlocale(LC_ALL, "");
	if (m == NULL || strcmp(setlocale(LC_MESSAGES, NULL), "C") == 0 ||
	    strcmp(setlocale(LC_MESSAGES, NULL), "POSIX") == 0) {
		/* the locale is not generated here: gettext ignores
		 * LANGUAGE under "C", not under C.UTF-8 */
		if (ja)
			(void)setlocale(LC_ALL, "C.UTF-8");
	}
	/* LANGUAGE has the last word in gettext: make it agree */
	(void)setenv("LANGUAGE", ja ? "ja" : "en", 1);
#ifdef ENABLE_NLS
	m = secure_getenv("EBID_TOOL_LOCALEDIR");
	(void)bindtextdomain("ebid-tool", m != NULL && m[0] != '\0' ? m :
	    LOCALEDIR);
	(void)bind_textdomain_codeset("ebid-tool", "UTF-8");
#endif
}

/* Options before the command; returns argv index of the command. */
static int
parse_opts(struct tool *t, int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--json") == 0) {
			t->json = 1;
		} else if ((strcmp(argv[i], "-c") == 0 ||
		    strcmp(argv[i], "--conf") == 0) && i + 1 < argc) {
			t->conf_path = argv[++i];
		} else if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc &&
		    (strcmp(argv[i + 1], "ja") == 0 ||
		    strcmp(argv[i + 1], "en") == 0)) {
			i++;
		} else if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			return -2;
		} else if (strcmp(argv[i], "--version") == 0) {
			return -3;
		} else {
			tool_error(t, _("bad option \"%s\" (ebid-tool --help)"),
			    argv[i]);
			return -1;
		}
	}
	return i;
}

static int
run(struct tool *t, int argc, char **argv)
{
	const struct cmd *c;
	int i;

	if ((i = parse_opts(t, argc, argv)) == -1)
		return TOOL_EXIT_USAGE;
	if (i == -2)
		return help_cmd(t, NULL);
	if (i == -3) {
		fprintf(t->out, "ebid-tool (%s) %s\n", PACKAGE_NAME,
		    PACKAGE_VERSION);
		return TOOL_EXIT_OK;
	}
	if (i >= argc) {
		usage(t, t->err);
		return TOOL_EXIT_USAGE;
	}
	if (strcmp(argv[i], "help") == 0)
		return help_cmd(t, i + 1 < argc ? argv[i + 1] : NULL);
	if ((c = find_cmd(argv[i])) == NULL) {
		tool_error(t, _("unknown command \"%s\" (ebid-tool --help "
		    "lists them)"), argv[i]);
		return TOOL_EXIT_USAGE;
	}
	if (argc - i > 1 && (strcmp(argv[i + 1], "--help") == 0 ||
	    strcmp(argv[i + 1], "-h") == 0))
		return help_cmd(t, c->name);
	return c->fn(t, argc - i, argv + i);
}

/*
 * interop may hold a PIN: no core file of ours may contain it
 * (setrlimit), and no other process of the user may read our memory
 * (PR_SET_DUMPABLE also keeps ptrace out).
 */
static void
no_core_dumps(void)
{
	struct rlimit rl = { 0, 0 };

	(void)setrlimit(RLIMIT_CORE, &rl);
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

int
main(int argc, char **argv)
{
	struct tool t;
	int rc, ja;

	memset(&t, 0, sizeof(t));
	no_core_dumps();
	t.out = stdout;
	t.err = stderr;
	if ((t.conf_path = secure_getenv("EBID_PKCS11_CONF")) == NULL ||
	    t.conf_path[0] == '\0')
		t.conf_path = CONF_DEFAULT;
	if ((ja = lang_arg(argc, argv)) < 0)
		ja = env_is_ja();
	set_language(&t, ja);
	rc = run(&t, argc, argv);
	conf_trust_free(&t.trust);
	conf_free(&t.conf);
	if (fflush(stdout) != 0 && rc == TOOL_EXIT_OK)
		rc = TOOL_EXIT_IO;
	return rc;
}
