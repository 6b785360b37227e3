"""Command-line entry points of the kit (run through nox)."""
