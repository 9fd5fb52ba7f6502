"""The small shared kernel every app may use; it imports no app (architecture.md, "Which way imports run")."""
