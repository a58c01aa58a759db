# src/lab: the virtual card lab command and the test PKI (owned by the lab work).
