"""Custom Rasa NLU components (referenced from config.yml by their module path)."""
