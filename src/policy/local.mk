# src/policy: trust, deny rules, name binding, PIN guard (pure functions).
