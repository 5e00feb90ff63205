"""The timeline chart: an inline SVG drawn from a scenario's timeline.

One row per clause that is ever in force, grouped under the party it benefits; a bar for each
stretch the clause is in force (hatched while suspended); markers where it lapses, is
breached, terminated or fulfilled, where a revenue share reaches its cap and where tranches
are paid; dashed lines at the scenario's events, numbered and listed under the chart.

Coordinates are computed from whole days and written with one decimal, so the same timeline
always gives the same bytes. Every text is XML-escaped here.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from termlang.evaluate.status import Status
from termlang.lower.registry import TRANCHES
from termlang.render import kinds
from termlang.render.prose import Prose

WIDTH = 960
LABEL_W = 300
RIGHT = 24
ROW = 22
HEAD = 62

COLORS = kinds.colours()  # the chart colour of each kind (its `Rendering` in the registry)


def _esc(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def _short(text: str, limit: int = 44) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _n(x: float) -> str:
    return f"{x:.1f}"


class _Scale:
    def __init__(self, start: date, end: date) -> None:
        self.start, self.end = start, end
        self.days = max((end - start).days, 1)
        self.width = WIDTH - LABEL_W - RIGHT

    def x(self, d: date) -> float:
        d = min(max(d, self.start), self.end)
        return LABEL_W + (d - self.start).days * self.width / self.days


def _segments(changes: list[Any], subject: str) -> list[tuple[str, date]]:
    return [(c.new, c.on) for c in changes if c.aspect == "status" and c.subject == subject]


def build_chart(prose: Prose, timeline: Any, scenario: Any, labels: dict[str, str]) -> str:
    """The SVG markup of the chart (a complete `<svg>` element)."""
    model = prose.model
    agreement = model.agreement
    assert agreement is not None
    changes = list(timeline.changes)
    # from the first year anything happens: tranches funded before the agreement's effective
    # date (a history the agreement recites) are shown, not cut off at the chart's edge
    first = min((c.on for c in changes if c.aspect == "status"), default=agreement.effective)
    start = date(min(agreement.effective.year, first.year), 1, 1)
    last = timeline.horizon or max((c.on for c in changes), default=agreement.effective)
    # the year after the last date shown; a timeline that reaches year 9999 ends on date.max
    end_year = max(last.year, start.year) + 1
    end = date(end_year, 1, 1) if end_year <= date.max.year else date.max
    scale = _Scale(start, end)

    # rows grouped by holder, parties then outside entities (an investor that is not a party)
    # in declaration order, then the whole agreement
    holders = [*model.parties, *model.entities]
    groups: dict[str | None, list[Any]] = {}
    for clause in model.clauses.values():
        if kinds.chart_row(clause.kind) is None:
            continue
        holder = kinds.holder(clause)
        groups.setdefault(holder if holder in holders else None, []).append(clause)
    ordered: list[tuple[str | None, list[Any]]] = [
        (name, groups[name]) for name in holders if name in groups
    ]
    if None in groups:
        ordered.append((None, groups[None]))

    events = [
        occ
        for occ in sorted(
            (o for o in getattr(scenario, "occurrences", ()) if o.on is not None),
            key=lambda o: (o.on, o.event),
        )
        if start <= occ.on <= end
    ]

    # numbered event markers stack upwards where they would overlap
    levels: list[int] = []
    last_x: dict[int, float] = {}
    for occ in events:
        x = scale.x(occ.on)
        level = 0
        while level in last_x and x - last_x[level] < 16:
            level += 1
        last_x[level] = x
        levels.append(level)
    head = HEAD + 15 * max(levels, default=0)
    rows = sum(1 + len(cs) for _, cs in ordered)
    plot_bottom = head + rows * ROW + 8
    legend_y = plot_bottom + 26
    legend = [
        ("bar", "#2f6db3", labels["legend_active"]),
        ("hatch", "", labels["legend_suspended"]),
        ("cross", "#c0262d", labels["legend_lapsed"]),
        ("end", "#222222", labels["legend_ended"]),
        ("diamond", "#e08e0b", labels["legend_cap"]),
        ("dot", "#444444", labels["legend_paid"]),
        ("event", "#d04a02", labels["legend_event"]),
    ]
    # legend entries left to right, wrapping before the right edge
    places: list[tuple[int, int]] = []
    lx, ly = 8, legend_y
    for _shape, _color, text in legend:
        width = 34 + int(len(text) * 6.4)
        if lx + width > WIDTH - RIGHT and lx > 8:
            lx, ly = 8, ly + 20
        places.append((lx, ly))
        lx += width
    event_lines = (len(events) + 1) // 2
    events_y = ly + 26
    height = events_y - 4 + event_lines * 18 + 12

    out: list[str] = []
    title = _esc(f"{labels['chart']} — {getattr(scenario, 'label', None) or scenario.name}")
    out.append(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-label="{title}" '
        'font-family="Helvetica, Arial, sans-serif" font-size="12">'
    )
    out.append(f"<title>{title}</title>")
    out.append(
        '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#999999" stroke-width="3"/></pattern></defs>'
    )
    # year grid; the labels thinned to every 2nd, 5th, ... year where they would touch
    per_year = scale.width * 365.25 / scale.days
    step = next((n for n in (1, 2, 5, 10, 20, 50, 100, 1000) if per_year * n >= 36), 10000)
    for year in range(start.year, end.year + 1):
        gx = _n(scale.x(date(year, 1, 1)))
        out.append(f'<line x1="{gx}" y1="24" x2="{gx}" y2="{plot_bottom}" stroke="#e3e3e3"/>')
        if year < end.year and (year - start.year) % step == 0:
            mid = _n(scale.x(date(year, 7, 1)))
            out.append(f'<text x="{mid}" y="18" text-anchor="middle" fill="#555555">{year}</text>')
    # event lines, numbered
    for number, (occ, level) in enumerate(zip(events, levels), 1):
        event_x = _n(scale.x(occ.on))
        cy = head - 4 - 15 * level
        out.append(
            f'<line x1="{event_x}" y1="{cy}" x2="{event_x}" y2="{plot_bottom}" stroke="#d04a02" '
            'stroke-dasharray="3 3"/>'
        )
        out.append(
            f'<circle cx="{event_x}" cy="{cy}" r="7" fill="#d04a02"/>'
            f'<text x="{event_x}" y="{cy + 3.5}" text-anchor="middle" fill="#ffffff" '
            f'font-size="9" font-weight="bold">{number}</text>'
        )
    y = head + 4
    for holder, clauses in ordered:
        name = prose.who(holder) if holder is not None else labels["agreement_row"]
        out.append(
            f'<text x="8" y="{_n(y + 15)}" font-weight="bold" fill="#222222">'
            f"{_esc(_short(name, 48))}</text>"
        )
        out.append(
            f'<line x1="8" y1="{_n(y + ROW)}" x2="{WIDTH - RIGHT}" y2="{_n(y + ROW)}" '
            'stroke="#cccccc"/>'
        )
        y += ROW
        for clause in clauses:
            out.extend(_row(prose, scale, clause, changes, y))
            y += ROW
    # legend
    for (shape, color, text), (lx, cy) in zip(legend, places, strict=True):
        if shape == "bar":
            out.append(
                f'<rect x="{lx}" y="{cy - 9}" width="18" height="10" rx="2" fill="{color}"/>'
            )
        elif shape == "hatch":
            out.append(
                f'<rect x="{lx}" y="{cy - 9}" width="18" height="10" fill="url(#hatch)" '
                'stroke="#999999"/>'
            )
        elif shape == "cross":
            out.append(_cross(lx + 9, cy - 4, color))
        elif shape == "end":
            out.append(f'<rect x="{lx + 7}" y="{cy - 11}" width="4" height="14" fill="{color}"/>')
        elif shape == "diamond":
            out.append(_diamond(lx + 9, cy - 4, color))
        elif shape == "dot":
            out.append(f'<circle cx="{lx + 9}" cy="{cy - 4}" r="4.5" fill="{color}"/>')
        else:
            out.append(f'<circle cx="{lx + 9}" cy="{cy - 4}" r="6" fill="{color}"/>')
        out.append(f'<text x="{lx + 24}" y="{cy}" fill="#333333">{_esc(text)}</text>')
    # numbered events
    for index, occ in enumerate(events):
        col, line = divmod(index, event_lines) if event_lines else (0, 0)
        ex = 8 + col * (WIDTH // 2)
        ey = events_y + line * 18
        label = f"{prose.fmt.date(occ.on)} — {prose.event_label(occ.event)}"
        out.append(
            f'<circle cx="{ex + 7}" cy="{ey - 4}" r="7" fill="#d04a02"/>'
            f'<text x="{ex + 7}" y="{_n(ey - 0.5)}" text-anchor="middle" fill="#ffffff" '
            f'font-size="9" font-weight="bold">{index + 1}</text>'
            f'<text x="{ex + 20}" y="{ey}" fill="#333333">{_esc(_short(label, 72))}</text>'
        )
    out.append("</svg>")
    return "\n".join(out)


def _cross(x: float, y: float, color: str) -> str:
    return (
        f'<path d="M{_n(x - 5)} {_n(y - 5)} L{_n(x + 5)} {_n(y + 5)} M{_n(x - 5)} {_n(y + 5)} '
        f'L{_n(x + 5)} {_n(y - 5)}" stroke="{color}" stroke-width="2.5"/>'
    )


def _diamond(x: float, y: float, color: str) -> str:
    return (
        f'<path d="M{_n(x)} {_n(y - 6)} L{_n(x + 6)} {_n(y)} L{_n(x)} {_n(y + 6)} '
        f'L{_n(x - 6)} {_n(y)} Z" fill="{color}" stroke="#ffffff"/>'
    )


def _row(prose: Prose, scale: _Scale, clause: Any, changes: list[Any], y: float) -> list[str]:
    out: list[str] = []
    color = COLORS.get(clause.kind, kinds.NEUTRAL)
    title = clause.label or clause.name.replace("_", " ")
    out.append(f'<text x="20" y="{_n(y + 15)}" fill="#333333">{_esc(_short(title))}</text>')
    top, mid = y + 5, y + ROW / 2 + 1
    if kinds.chart_row(clause.kind) == TRANCHES:
        # tranches as dots (paid) and crosses (lapsed); the investment itself is no window
        for tranche in clause.tranches:
            for status, on in _segments(changes, f"{clause.name}.{tranche.name}"):
                if not scale.start <= on <= scale.end:
                    continue
                x = scale.x(on)
                if status == Status.FUNDED:
                    out.append(f'<circle cx="{_n(x)}" cy="{_n(mid)}" r="4.5" fill="#444444"/>')
                elif status == Status.LAPSED:
                    out.append(_cross(x, mid, "#c0262d"))
        return out
    moves = _segments(changes, clause.name)
    for index, (status, on) in enumerate(moves):
        until = moves[index + 1][1] if index + 1 < len(moves) else scale.end
        if status in (Status.ACTIVE, Status.SUSPENDED) and until > scale.start:
            x1, x2 = scale.x(on), scale.x(until)
            fill = color if status == Status.ACTIVE else "url(#hatch)"
            stroke = "" if status == Status.ACTIVE else ' stroke="#999999"'
            out.append(
                f'<rect x="{_n(x1)}" y="{_n(top)}" width="{_n(max(x2 - x1, 1.5))}" '
                f'height="{ROW - 10}" rx="2" fill="{fill}"{stroke}/>'
            )
        if status in (Status.LAPSED, Status.BREACHED):
            out.append(_cross(scale.x(on), mid, "#c0262d"))
        elif status == Status.TERMINATED:
            out.append(
                f'<rect x="{_n(scale.x(on) - 2)}" y="{_n(top - 2)}" width="4" '
                f'height="{ROW - 6}" fill="#222222"/>'
            )
    for c in changes:
        if c.aspect == "cap_reached" and c.subject == clause.name:
            out.append(_diamond(scale.x(c.on), mid, "#e08e0b"))
    return out
