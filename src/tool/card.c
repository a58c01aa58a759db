/* card.c - STUB, to be written (issue 5). */
#include "config.h"

#include "tool/tool.h"

int
tool_card_read(struct tool *t, const char *r, struct tool_card *c)
{
	(void)t;
	(void)r;
	(void)c;
	return TOOL_EXIT_INTERNAL;
}

void
tool_card_reset(struct tool_card *c)
{
	(void)c;
}
