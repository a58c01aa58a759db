/* store.c - STUB, to be written (issue 5). */
#include "config.h"

#include "tool/tool.h"
