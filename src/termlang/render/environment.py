"""The Jinja environments: built-in templates, users' templates in a sandbox, and escaping.

* HTML: autoescaping on, so text from a .term file (names, notes) never becomes markup.
* Markdown: every value printed by a template goes through `escape_md` (a `finalize` hook):
  Markdown and HTML metacharacters get a backslash, so `<script>` prints as `\\<script\\>`
  and a party called `*bold*` stays literal. Values marked safe (`Markup`) pass through.
* Users' templates (`--template PATH`) run in Jinja's `SandboxedEnvironment` with
  `StrictUndefined`; the built-in templates stay reachable as `builtin/<name>`.

Errors in a template become `TemplateProblem`s that carry the template's file and line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

BUILTIN_DIR = Path(__file__).resolve().parent / "templates"
BUILTIN = ("summary", "term-sheet")
EXTENSIONS = {"md": "md", "html": "html"}

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&])")


class TemplateProblem(Exception):
    """A template could not be loaded or rendered; says where."""

    def __init__(
        self, code: str, message: str, path: str | None, line: int | None, help: str | None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.path = path
        self.line = line
        self.help = help


def escape_md(value: Any) -> str:
    """Backslash-escape Markdown/HTML metacharacters; leave `Markup` values alone."""
    from markupsafe import Markup

    if isinstance(value, Markup):
        return str(value)
    if value is None:
        return ""
    text = str(value)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # a line that starts with `- `, `= ` or `1. ` would become a list item or a heading
    text = re.sub(r"(?m)^(\s*)(\d+)\.(\s|$)", r"\1\2\\.\3", text)
    return re.sub(r"(?m)^(\s*)([-=])(\s|$)", r"\1\\\2\3", text)


def _md_cell(value: Any) -> Any:
    """A Markdown table cell: one line, pipes escaped by `escape_md` later."""
    from markupsafe import Markup

    if isinstance(value, list | tuple):
        parts = [escape_md(v) for v in value]
        return Markup("<br>".join(parts))
    return " ".join(str(value).split()) if value is not None else ""


def _html_lines(value: Any) -> Any:
    from markupsafe import Markup, escape

    if isinstance(value, list | tuple):
        return Markup("<br>").join(escape(v) for v in value)
    return escape(value)


def make_environment(output_format: str, user_dir: Path | None) -> Any:
    """The environment for `output_format` (`md` or `html`); sandboxed for user templates."""
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    builtin = jinja2.FileSystemLoader(str(BUILTIN_DIR))
    if user_dir is not None:
        loader: jinja2.BaseLoader = jinja2.ChoiceLoader(
            [
                jinja2.FileSystemLoader(str(user_dir)),
                jinja2.PrefixLoader({"builtin": builtin}),
                builtin,  # so that built-in templates find their own includes
            ]
        )
        cls: type[jinja2.Environment] = _bounded_sandbox(SandboxedEnvironment)
    else:
        loader = builtin
        cls = jinja2.Environment
    html = output_format == "html"
    options: dict[str, Any] = {
        "loader": loader,
        "undefined": jinja2.StrictUndefined,
        "autoescape": html,
        "keep_trailing_newline": True,
        "trim_blocks": True,
        "lstrip_blocks": True,
    }
    if not html:
        options["finalize"] = escape_md
    env = cls(**options)
    if user_dir is not None:
        # A user's template sees the view model, not Jinja's helpers: `lipsum(n=10**6)` and
        # friends are a way to burn time, not to lay out a summary.
        for name in ("lipsum", "cycler", "joiner"):
            env.globals.pop(name, None)
    env.filters["md_cell"] = _md_cell
    env.filters["lines"] = _html_lines if html else _md_cell
    return env


MAX_TEMPLATE_VALUE = 10_000_000  # characters or items a `*` may build; digits a `**` may
MAX_TEMPLATE_SECONDS = 10


def _bounded_sandbox(base: Any) -> Any:
    """Jinja's sandbox with arithmetic that cannot build gigantic values (`'a' * 10**10`)."""
    from jinja2.exceptions import SecurityError

    class BoundedSandbox(base):  # type: ignore[misc, valid-type]
        intercepted_binops = frozenset(["*", "**"])

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "**":
                if isinstance(left, int | float) and isinstance(right, int | float):
                    digits = abs(right) * max(1, len(str(abs(int(left)))))
                    if digits > MAX_TEMPLATE_VALUE / 1000:
                        raise SecurityError("the power would be too large")
                return left**right
            sizes = [len(x) for x in (left, right) if isinstance(x, str | list | tuple)]
            counts = [x for x in (left, right) if isinstance(x, int) and not isinstance(x, bool)]
            if sizes and counts and sizes[0] * max(counts[0], 0) > MAX_TEMPLATE_VALUE:
                raise SecurityError("the repetition would be too large")
            return left * right

    return BoundedSandbox


class _TooSlow(Exception):
    pass


def _time_limited(render: Any, seconds: int) -> Any:
    """Run `render()` under a wall-clock limit where the platform allows it (Unix, main thread)."""
    import signal
    import threading

    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        return render()

    def expire(signum: int, frame: Any) -> None:
        raise _TooSlow

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return render()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def template_name(spec: str | None, output_format: str) -> tuple[Path | None, str]:
    """(user directory or None, entry template name) for `--template`.

    A built-in name (`summary`, `term-sheet`) maps to `<name>.<format>.j2` in the package.
    A directory holds `<format>.j2` (and anything it includes); a file is its own entry.
    """
    ext = EXTENSIONS[output_format]
    if spec is None or spec in BUILTIN:
        return None, f"{spec or 'summary'}.{ext}.j2"
    path = Path(spec)
    if path.is_dir():
        return path, f"{ext}.j2"
    if path.is_file():
        return path.parent, path.name
    known = ", ".join(f"`{b}`" for b in BUILTIN)
    raise TemplateProblem(
        "TL702",
        f"no template `{spec}`",
        None,
        None,
        f"give a built-in template ({known}), a template file or a directory holding `{ext}.j2`",
    )


def render_template(view: dict[str, Any], output_format: str, spec: str | None) -> str:
    """Render the view model with the chosen template; raises `TemplateProblem`."""
    import jinja2
    from jinja2.exceptions import SecurityError

    user_dir, name = template_name(spec, output_format)
    env = make_environment(output_format, user_dir)
    try:
        template = env.get_template(name)
        if user_dir is None:
            return str(template.render(**view))
        return str(_time_limited(lambda: template.render(**view), MAX_TEMPLATE_SECONDS))
    except _TooSlow:
        raise TemplateProblem(
            "TL705",
            f"template took longer than {MAX_TEMPLATE_SECONDS} seconds",
            str(user_dir / name) if user_dir is not None else name,
            None,
            "a summary template lays out the view model; it has no reason to compute",
        ) from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem(
            "TL701",
            f"template syntax error: {exc.message}",
            exc.filename or name,
            exc.lineno,
            "see https://jinja.palletsprojects.com/templates/ for the syntax",
        ) from None
    except jinja2.TemplateNotFound as exc:
        where = str(user_dir) if user_dir is not None else "the built-in templates"
        raise TemplateProblem(
            "TL702",
            f"template `{exc.name}` not found in `{where}`",
            None,
            None,
            f"a template directory holds `{EXTENSIONS[output_format]}.j2`",
        ) from None
    except jinja2.UndefinedError as exc:
        path, line = _template_frame(exc)
        raise TemplateProblem(
            "TL703",
            f"template uses an undefined value: {_plain(exc)}",
            path,
            line,
            "the variables a template can use are listed in docs/templates.md",
        ) from None
    except SecurityError as exc:
        path, line = _template_frame(exc)
        raise TemplateProblem(
            "TL704",
            f"template does something the sandbox forbids: {_plain(exc)}",
            path,
            line,
            "templates may only read the view model; see docs/templates.md",
        ) from None
    except Exception as exc:  # any other error raised while rendering a template
        path, line = _template_frame(exc)
        raise TemplateProblem(
            "TL705", f"template failed: {_plain(exc)}", path, line, None
        ) from None


def _plain(exc: BaseException) -> str:
    text = str(exc).strip().rstrip(".") or type(exc).__name__
    return text.replace("'", "`")


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    """The innermost template file and line in a Jinja traceback."""
    found: tuple[str | None, int | None] = (None, None)
    tb = exc.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename.endswith(".j2") or tb.tb_frame.f_globals.get("__jinja_template__"):
            found = (code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return found
