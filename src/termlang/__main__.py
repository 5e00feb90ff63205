"""`python -m termlang`: the same entry point as the `termlang` command."""

from termlang.cli import entry

entry()
