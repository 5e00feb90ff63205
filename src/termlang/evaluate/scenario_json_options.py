"""The options' line of a JSON scenario (issue 11): `"waived": {"OPTION": "DATE"}`.

    "waived": {"extension_option": "2030-06-01"}

is the `.term` line `waived extension_option 2030-06-01`: the holder gave the option (an
obligation written with `may`) up that day (evaluate/options.py). An unknown or misspelt
option is reported (TL604) on its key, with did-you-mean.
"""

from __future__ import annotations

from typing import Any

from termlang import model
from termlang.evaluate.options import options_of

KEYS = ("waived",)


def waivers_of(reader: Any, pair: Any) -> list[model.Waiver]:
    """The waivers of a JSON scenario's `waived` member (`reader` is the JSON reader)."""
    options = [c.name for c in options_of(reader.m)]
    out: list[model.Waiver] = []
    for option, knode, vnode in reader.known_members(
        pair, "an object of options and dates", options, "option"
    ):
        on = reader.date(vnode)
        if on is not None:
            out.append(
                model.Waiver(
                    clause=option, on=on, span=reader.span(vnode), name_span=reader.span(knode)
                )
            )
    return out
