"""Maintenance scripts that build package data (run as `python -m scripts.NAME`)."""
