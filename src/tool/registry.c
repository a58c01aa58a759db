/* registry.c - STUB, to be written (issue 5). */
#include "config.h"

#include "tool/tool.h"

int
tool_cmd_registry(struct tool *t, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	tool_error(t, "%s", "not written yet");
	return TOOL_EXIT_INTERNAL;
}
