"""Scenario parameters from chat messages: numbers, units, periods and keywords in fr/nl/en."""
