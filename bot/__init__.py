"""Shared core of the support-cost assistant: pricing, language, leads; used by the actions."""
