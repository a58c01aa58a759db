# tests/tooladmin: ebid-tool registry and trust (issue 5).
