"""Clause kinds in registry form, one module each: importing this package registers them all.

A module here holds one kind's whole declaration: `register(ClauseKind(...))` with its keyword,
model class, schema, words per locale, evaluation handler and check modules. The package finds
its modules itself, so adding a kind adds a file here and edits no list.
"""

from __future__ import annotations

import importlib
import os


def _names() -> list[str]:
    """The modules of this package (a directory listing: `pkgutil` costs more to import)."""
    try:
        with os.scandir(__path__[0]) as entries:
            return sorted(
                entry.name[:-3]
                for entry in entries
                if entry.name.endswith(".py") and not entry.name.startswith("_")
            )
    except OSError:  # not a directory (a zip archive): ask the import system
        import pkgutil

        return sorted(m.name for m in pkgutil.iter_modules(__path__))


for _module in _names():
    importlib.import_module(f"{__name__}.{_module}")
