"""Summaries for counsel: Markdown, self-contained HTML and Word, in English or French.

    from termlang.render import render
    text = render(analysis.model, analysis.diagnostics, output_format="html", locale="fr")

The work is split by concern: `view` builds the documented view model (sentences from
`prose_en`/`prose_fr`, values from `locale`, the scenario story from `story`, the chart from
`chart`); `environment` lays it out with Jinja templates (`templates/`); `word` writes .docx.
Heavy libraries (jinja2, babel, python-docx) are imported only here and below, never on the
path of `termlang check`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from termlang.diagnostics import Diagnostic
from termlang.model import Model
from termlang.render.environment import TemplateProblem

__all__ = ["FORMATS", "LOCALES", "TemplateProblem", "build", "render"]

FORMATS = ("md", "html", "docx")
LOCALES = ("en", "fr")


def build(
    model: Model,
    diagnostics: Sequence[Diagnostic] = (),
    *,
    locale: str = "en",
    scenario: str | None = None,
    output_format: str = "md",
    template: str | None = None,
) -> dict[str, Any]:
    """The view model of `model` under `scenario` (default scenario when None).

    Raises `termlang.evaluate.ScenarioError` for an unknown scenario name.
    """
    from termlang.evaluate import pick_scenario, run
    from termlang.render.view import build_view, make_prose

    chosen = pick_scenario(model, scenario)
    timeline = run(model, chosen)
    view = build_view(
        model,
        diagnostics,
        locale=locale,
        scenario=chosen,
        timeline=timeline,
        output_format=output_format,
        template=template or "summary",
    )
    if not model.scenarios:
        view["scenario"] = None
    if output_format == "html":  # Word output has no chart (docs/templates.md)
        from markupsafe import Markup

        from termlang.render.chart import build_chart

        svg = build_chart(make_prose(model, locale), timeline, chosen, view["labels"])
        view["chart"] = {"svg": Markup(svg)}
    return view


def render(
    model: Model,
    diagnostics: Sequence[Diagnostic] = (),
    *,
    output_format: str = "md",
    locale: str = "en",
    scenario: str | None = None,
    template: str | None = None,
) -> str | bytes:
    """The summary as text (md, html) or bytes (docx). Raises `TemplateProblem`."""
    if output_format not in FORMATS:
        raise ValueError(f"unknown format {output_format!r}")
    if locale not in LOCALES:
        raise ValueError(f"unknown locale {locale!r}")
    view = build(
        model,
        diagnostics,
        locale=locale,
        scenario=scenario,
        output_format=output_format,
        template=template,
    )
    if output_format == "docx":
        from termlang.render.word import write_docx

        if template not in (None, "summary", "term-sheet"):
            raise TemplateProblem(
                "TL706",
                "a custom template cannot produce Word output",
                None,
                None,
                "use `--template summary` or `--template term-sheet` with `--format docx`, "
                "or render your template as html and open it in Word",
            )
        return write_docx(view, template or "summary", model)
    from termlang.render.environment import render_template

    return render_template(view, output_format, template)
