"""Widgets shared by the screens; each talks to the others by messages."""
