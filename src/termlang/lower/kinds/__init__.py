"""Clause kinds in registry form, one module each: importing this package registers them all.

A module here holds one kind's whole declaration: `register(ClauseKind(...))` with its keyword,
model class, schema, words per locale, evaluation handler and check modules. The package finds
its modules itself, so adding a kind adds a file here and edits no list.
"""

from __future__ import annotations

import importlib
import pkgutil

for _module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
    importlib.import_module(f"{__name__}.{_module}")
