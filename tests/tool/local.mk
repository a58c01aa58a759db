# tests/tool: ebid-tool readers, show, pin, interop, messages (issue 5).
