"""Rasa input channels of the assistant (loaded by the Rasa server from credentials.yml)."""
