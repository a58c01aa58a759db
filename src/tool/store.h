/* store.h - STUB: atomic file replacement with backup and lock (issue 5). */
#ifndef EBID_TOOL_STORE_H
#define EBID_TOOL_STORE_H
#endif
