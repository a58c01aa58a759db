# tests/policy: unit tests of the policy layer.
