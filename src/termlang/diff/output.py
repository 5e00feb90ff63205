"""A redline as text, JSON, Markdown or HTML (the last two through Jinja templates).

Text from the two files (titles, notes, labels, paths, checker messages) is the user's:
Markdown goes through `termlang.textsafe.md_text` (metacharacters escaped, `names` kept as
code spans), HTML through autoescaping, and every text format shows control characters as
pictures, so no redline can carry markup, links, images or terminal escapes.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

from termlang.diagnostics import Diagnostic
from termlang.diff import Redline
from termlang.diff.structure import Edit
from termlang.textsafe import md_code, md_text, show_controls

TEMPLATES = Path(__file__).parent / "templates"

SYMBOLS = {"added": "+", "removed": "-", "renamed": ">", "changed": "~"}

LABELS = {
    "en": {
        "title": "Redline",
        "compared": "compares",
        "changes": "Changes",
        "consequences": "Consequences under scenario",
        "no_consequences": "no difference in the timeline",
        "findings": "Findings of the checker in",
        "equivalent": "no changes: the two versions mean the same",
    },
    "fr": {
        "title": "Comparatif",
        "compared": "compare",
        "changes": "Modifications",
        "consequences": "Conséquences dans le scénario",
        "no_consequences": "aucune différence dans la chronologie",
        "findings": "Constats du vérificateur dans",
        "equivalent": "aucune modification : les deux versions ont le même sens",
    },
}


def _plain(value: Any) -> Any:
    """A model value as canonical termlang text for JSON (None for whole declarations)."""
    from termlang import ast, model
    from termlang.values import Duration, DurationUnit, Money, Multiple, Percent, Quantity

    match value:
        case None | bool() | str() | int():
            return value
        case date():
            return value.isoformat()
        case Money() | Percent() | Multiple() | Quantity() | Duration():
            return str(value)
        case DurationUnit():
            return value.value
        case tuple() | list():
            return [_plain(v) for v in value]
        case model.Window(start=start, end=end):
            return {"start": _plain(start), "end": _plain(end)}
    if isinstance(value, ast.DateLit):
        return value.value.isoformat()
    if type(value).__module__ == "termlang.ast":
        from termlang.fmt import format_expr

        return format_expr(value)
    return None


def _line(span: Any) -> int | None:
    return None if span is None else int(span.start_pos.line)


def _finding(diag: Diagnostic) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": diag.code,
        "severity": diag.severity.value,
        "message": diag.message,
    }
    if diag.span is not None:
        pos = diag.span.start_pos
        out.update(path=diag.span.path, line=pos.line, column=pos.column)
    return out


def _finding_line(diag: Diagnostic) -> str:
    where = ""
    if diag.span is not None:
        pos = diag.span.start_pos
        where = f" ({diag.span.path}:{pos.line}:{pos.column})"
    return f"{diag.severity.value}[{diag.code}]: {diag.message}{where}"


def view(redline: Redline, locale: str) -> dict[str, Any]:
    """Everything a template shows, already in words."""
    labels = LABELS[locale]
    changes = [
        {"op": e.op, "symbol": SYMBOLS[e.op], "text": text}
        for e, text in zip(redline.edits, redline.sentences(locale))
    ]
    scenario = None
    if redline.scenario is not None:
        scenario = f"`{redline.scenario}`"
        if redline.scenario_label:
            scenario += f" ({redline.scenario_label})"
    return {
        "t": labels,
        "locale": locale,
        "old": redline.old_path,
        "new": redline.new_path,
        "equivalent": redline.equivalent,
        "changes": changes,
        "scenario": scenario,
        "consequences": redline.effect_sentences(locale),
        "note": redline.note,
        "findings": [
            (path, [_finding_line(d) for d in diags])
            for path, diags in (
                (redline.old_path, redline.old_findings),
                (redline.new_path, redline.new_findings),
            )
            if diags
        ],
    }


def render_text(redline: Redline, locale: str = "en") -> str:
    v = view(redline, locale)
    t = v["t"]
    out = [f"{t['title']}: {v['old']} → {v['new']}", ""]
    if v["equivalent"]:
        out.append(t["equivalent"])
    else:
        out.append(f"{t['changes']} ({len(v['changes'])})")
        out.extend(f"  {c['symbol']} {c['text']}" for c in v["changes"])
    if v["scenario"] is not None:
        out += ["", f"{t['consequences']} {v['scenario']}"]
        out.extend(f"  * {c}" for c in v["consequences"])
        if not v["consequences"]:
            out.append(f"  {t['no_consequences']}")
    if v["note"]:
        out += ["", v["note"]]
    for path, lines in v["findings"]:
        out += ["", f"{t['findings']} {path}"]
        out.extend(f"  {line}" for line in lines)
    return show_controls("\n".join(out) + "\n")


def render_json(redline: Redline, locale: str = "en") -> str:
    def edit(e: Edit, text: str) -> dict[str, Any]:
        return {
            "op": e.op,
            "kind": e.kind,
            "subject": e.subject,
            "old_name": e.old_name,
            "field": e.field,
            "parent": e.parent,
            "context": e.context,
            "old": _plain(e.old),
            "new": _plain(e.new),
            "old_line": _line(e.old_span),
            "new_line": _line(e.new_span),
            "text": text,
        }

    effects = [
        {
            "kind": e.kind,
            "subject": e.subject,
            "aspect": e.aspect,
            "old": _plain(e.old_value),
            "new": _plain(e.new_value),
            "old_on": _plain(e.old_on),
            "new_on": _plain(e.new_on),
            "text": text,
        }
        for e, text in zip(redline.effects, redline.effect_sentences(locale))
    ]
    doc = {
        "old": redline.old_path,
        "new": redline.new_path,
        "equivalent": redline.equivalent,
        "changes": [edit(e, s) for e, s in zip(redline.edits, redline.sentences(locale))],
        "scenario": redline.scenario,
        "consequences": effects,
        "note": redline.note,
        "findings": {
            "old": [_finding(d) for d in redline.old_findings],
            "new": [_finding(d) for d in redline.new_findings],
        },
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


_CODE = re.compile(r"`([^`]+)`")


def _html_code(text: str) -> Any:
    """Escape, then show `names` as <code>."""
    from markupsafe import Markup, escape

    return Markup(_CODE.sub(lambda m: f"<code>{m.group(1)}</code>", str(escape(text))))


def _md_value(value: Any) -> Any:
    """`finalize` of the Markdown redline: every printed value is escaped (`Markup` is ours)."""
    from markupsafe import Markup

    if isinstance(value, Markup):
        return value
    return md_text(value)


def render_template(redline: Redline, output_format: str, locale: str = "en") -> str:
    """Markdown or HTML through Jinja (autoescaped for HTML, `md_text` for Markdown)."""
    import jinja2
    from markupsafe import Markup

    md = output_format == "md"
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default=False),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        finalize=_md_value if md else None,
    )
    env.filters["code"] = (lambda text: Markup(md_code(text))) if md else _html_code
    name = "redline.md.j2" if md else "redline.html"
    template = env.get_template(name)
    values = view(redline, locale)
    if md:  # termlang's own words and symbols, not the user's
        values["t"] = {key: Markup(text) for key, text in values["t"].items()}
        for change in values["changes"]:
            change["symbol"] = Markup(change["symbol"])
    return show_controls(template.render(**values))


def render(redline: Redline, output_format: str = "text", locale: str = "en") -> str:
    if output_format == "json":
        return render_json(redline, locale)
    if output_format in ("md", "html"):
        return render_template(redline, output_format, locale)
    return render_text(redline, locale)
