/*
 * driver.c - runs ebid-tool's registry and trust subcommands from the
 * convenience library, for the tests of tests/tooladmin:
 *
 *   tooladmin-driver [-c CONF] [--json] [--ja] registry|trust ARGS...
 *
 * --ja selects the Japanese texts of policy reasons (t->ja) without
 * gettext; tests/tooladmin/test-po.sh runs ebid-tool itself in Japanese.
 */
#include "config.h"

#include <string.h>

#include "tool/tool.h"

int
main(int argc, char **argv)
{
	struct tool t;
	int i = 1, rc;

	memset(&t, 0, sizeof(t));
	t.out = stdout;
	t.err = stderr;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-c") == 0 && i + 1 < argc)
			t.conf_path = argv[++i];
		else if (strcmp(argv[i], "--json") == 0)
			t.json = 1;
		else if (strcmp(argv[i], "--ja") == 0)
			t.ja = 1;
		else
			return TOOL_EXIT_USAGE;
	}
	if (i >= argc)
		return TOOL_EXIT_USAGE;
	if (strcmp(argv[i], "registry") == 0)
		rc = tool_cmd_registry(&t, argc - i, argv + i);
	else if (strcmp(argv[i], "trust") == 0)
		rc = tool_cmd_trust(&t, argc - i, argv + i);
	else
		rc = TOOL_EXIT_USAGE;
	conf_trust_free(&t.trust);
	conf_free(&t.conf);
	return rc;
}
