"""`CheckContext`: what every check reads (the model, and the names something refers to).

Its own module so that the rule modules import it from below the package that lists them:
`termlang.checks` imports every rule module, and none of them imports `termlang.checks`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from termlang.model import Model

if TYPE_CHECKING:
    from attrs import frozen
else:  # attrs classes built on first use
    from termlang.nodes import frozen


@frozen
class CheckContext:
    model: Model
    used: frozenset[str]  # every name some declaration refers to, scenarios included
