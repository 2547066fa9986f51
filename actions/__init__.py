"""Custom actions of the support-cost assistant, served by the Rasa SDK action server.

Run with ``rasa run actions --actions actions``; the SDK imports every submodule of this package
and registers each ``Action`` subclass it finds.
"""
