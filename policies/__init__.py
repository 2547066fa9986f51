"""Rasa policies by module path in config.yml (docs/performance.md)."""
