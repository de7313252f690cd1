"""Test-wide set-up: testing flags before Django loads its settings, shared fixtures."""

import os

os.environ.setdefault("VOCWEEK_TESTING", "1")
os.environ.setdefault("VOCWEEK_VAR_DIR", os.path.join(os.path.dirname(__file__), "var", "test"))
