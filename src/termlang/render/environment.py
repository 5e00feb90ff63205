"""The Jinja environments: built-in templates, users' templates in a sandbox, and escaping.

* HTML: autoescaping on, so text from a .term file (names, notes) never becomes markup.
* Markdown: every value printed by a template goes through `escape_md` (a `finalize` hook,
  from `termlang.textsafe`): Markdown and HTML metacharacters get a backslash, so `<script>`
  prints as `\\<script\\>` and a party called `*bold*` stays literal. Values marked safe
  (`Markup`) pass through. In both formats control characters become pictures.
* Users' templates (`--template PATH`) run in Jinja's `ImmutableSandboxedEnvironment` (they
  read the view model and cannot change it) with `StrictUndefined`, under resource limits
  (below); the built-in templates stay reachable as `builtin/<name>`.

Limits of a user's template. The sandbox intercepts every operation that could build a big
value in one step, so no single call can take long or take much memory, and it checks the
clock at each of them (a wall-clock alarm covers plain loops as well):

* values: `*`, `+`, `~`, `%`, `str.format`, the padding methods (`ljust`, `rjust`, `center`,
  `zfill`, `expandtabs`), `replace`, `translate`, `join` and the filters `center`, `indent`,
  `format`, `join`, `replace`, `wordwrap`, `batch`, `slice`, `tojson`, `urlize`, `sum` are
  refused (TL704) before they build more than `MAX_TEMPLATE_VALUE` characters or items; any
  other call or filter is checked after it returns, and printing a value checks its size;
* output: at most `MAX_TEMPLATE_OUTPUT` characters (`TERMLANG_TEMPLATE_MAX_OUTPUT` overrides),
  counted as the template writes (TL707); macro and block captures share that bound;
* time: `MAX_TEMPLATE_SECONDS` (TL705);
* files: a template may load only regular UTF-8 files inside its own directory, after
  resolving symbolic links, of at most `termlang.access.MAX_FILE_BYTES` (TL708).

Errors in a template become `TemplateProblem`s that carry the template's file and line.
"""

from __future__ import annotations

import os
import re
import time
from functools import cache
from pathlib import Path
from typing import Any

from termlang.textsafe import escape_md, show_controls

BUILTIN_DIR = Path(__file__).resolve().parent / "templates"
BUILTIN = ("summary", "term-sheet")
EXTENSIONS = {"md": "md", "html": "html"}


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


def make_environment(
    output_format: str, user_dir: Path | None, limits: _Limits | None = None
) -> Any:
    """The environment for `output_format` (`md` or `html`); sandboxed for user templates."""
    import jinja2

    builtin = jinja2.FileSystemLoader(str(BUILTIN_DIR))
    html = output_format == "html"
    options: dict[str, Any] = {
        "undefined": jinja2.StrictUndefined,
        "autoescape": html,
        "keep_trailing_newline": True,
        "trim_blocks": True,
        "lstrip_blocks": True,
    }
    if not html:
        options["finalize"] = escape_md
    if user_dir is None:
        limits = None
        env = jinja2.Environment(loader=builtin, **options)
    else:
        limits = limits or _Limits()
        options["loader"] = jinja2.ChoiceLoader(
            [
                _confined_loader(user_dir),
                jinja2.PrefixLoader({"builtin": builtin}),
                builtin,  # so that built-in templates find their own includes
            ]
        )
        options["finalize"] = _checked_finalize(limits, None if html else escape_md)
        env = _sandbox_class()(limits, **options)
        # A user's template sees the view model, not Jinja's helpers: `lipsum(n=10**6)` and
        # friends are a way to burn time, not to lay out a summary.
        for name in ("lipsum", "cycler", "joiner"):
            env.globals.pop(name, None)
    env.filters["md_cell"] = _md_cell
    env.filters["lines"] = _html_lines if html else _md_cell
    if limits is not None:
        for name, function in list(env.filters.items()):
            env.filters[name] = _bounded_filter(name, function, limits)
    return env


@cache
def _builtin_environment(output_format: str) -> Any:
    """The built-in templates' environment, made once per format: Jinja then compiles each
    template once (its cache), not at every summary. Nothing changes it once made; a user's
    template gets a new sandbox, with its own limits, each time."""
    return make_environment(output_format, None)


MAX_TEMPLATE_VALUE = 10_000_000  # characters or items one operation may build; `**`: / 1000
MAX_TEMPLATE_OUTPUT = 20_000_000  # characters a template may write
MAX_TEMPLATE_SECONDS = 10
MAX_TEMPLATE_SLICES = 100_000  # like Jinja's `range` limit
OUTPUT_VARIABLE = "TERMLANG_TEMPLATE_MAX_OUTPUT"


class _TooSlow(Exception):
    pass


class _OutputTooLarge(Exception):
    pass


class _Refused(Exception):
    """A template file the loader will not read; carries the name and the reason."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"template `{name}` {reason}")
        self.name = name
        self.reason = reason


def _security_error() -> type[Exception]:
    from jinja2.exceptions import SecurityError

    return SecurityError


class _Limits:
    """The budget of one rendering: value size, output size and a deadline."""

    def __init__(
        self,
        *,
        value: int | None = None,
        output: int | None = None,
        seconds: float | None = None,
    ) -> None:
        self.value = MAX_TEMPLATE_VALUE if value is None else value
        self.output = MAX_TEMPLATE_OUTPUT if output is None else output
        self.seconds = MAX_TEMPLATE_SECONDS if seconds is None else seconds
        self.deadline = time.monotonic() + self.seconds

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise _TooSlow

    def check_size(self, size: int, what: str, limit: int | None = None) -> None:
        """Refuse (TL704) an operation that would build `size` characters or items."""
        self.check_time()
        limit = self.value if limit is None else limit
        if size > limit:
            raise _TooLarge(f"{what} would build {size:,} characters or items", limit)


class _TooLarge(Exception):
    def __init__(self, message: str, limit: int) -> None:
        super().__init__(message)
        self.limit = limit


def _size(value: Any, budget: int) -> int:
    """About how many characters `value` prints as; stops counting once over `budget`."""
    from jinja2.utils import Namespace

    total = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str | bytes):
            total += len(item)
        elif isinstance(item, bool) or item is None:
            total += 5
        elif isinstance(item, int):
            total += item.bit_length() * 3 // 10 + 1
        elif isinstance(item, dict):
            total += 2 + 4 * len(item)
            if total <= budget:
                stack.extend(item.keys())
                stack.extend(item.values())
        elif isinstance(item, list | tuple | set | frozenset):
            total += 2 + 2 * len(item)
            if total <= budget:
                stack.extend(item)
        elif isinstance(item, Namespace):
            stack.append(dict(getattr(item, "_Namespace__attrs", {})))
        else:
            total += 16
        if total > budget:
            return total
    return total


def _number(value: Any, default: int = 0) -> int:
    """An integer argument (width, count...) as the operation would use it."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value == value and abs(value) != float("inf"):
        return int(value)
    return default


_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?.", re.S)
_HUGE = 1 << 62


def _digits(text: str) -> int:
    return int(text) if len(text) <= 12 else _HUGE


def _percent_size(fmt: str, args: Any) -> int:
    """Characters `fmt % args` can build, at most (widths and precisions counted)."""
    total = len(fmt)
    star = False
    for match in _PERCENT_SPEC.finditer(fmt):
        for group in (match.group(1), match.group(2)):
            if group == "*":
                star = True
            elif group:
                total += _digits(group)
    values = args if isinstance(args, tuple) else (args,)
    if star:
        total += sum(abs(_number(v)) for v in values if isinstance(v, int))
    return total + _size(args, MAX_TEMPLATE_VALUE + 1)


def _format_size(fmt: str, args: Any, kwargs: Any) -> int:
    """Characters `fmt.format(*args, **kwargs)` can build, at most."""
    import string

    total = len(fmt)
    nested = False
    try:
        fields = list(string.Formatter().parse(fmt))
    except ValueError:
        return total  # the call itself reports the bad format
    for _, _, spec, _ in fields:
        if spec:
            nested = nested or "{" in spec
            total += sum(_digits(d) for d in re.findall(r"\d+", spec))
    values = [*args, *(kwargs.values() if isinstance(kwargs, dict) else ())]
    if nested:
        total += sum(abs(_number(v)) for v in values if isinstance(v, int))
    # each field may print any argument, attributes and items included
    return total + (len(fields) + 1) * _size(values, MAX_TEMPLATE_VALUE + 1)


def _method_size(obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int | None:
    """Characters a `str` method that can grow its string would build (None: not one)."""
    owner = getattr(obj, "__self__", None)
    name = getattr(obj, "__name__", "")
    if not isinstance(owner, str):
        return None
    n = len(owner)
    if name in ("ljust", "rjust", "center", "zfill"):
        return max(n, _number(args[0] if args else kwargs.get("width")))
    if name == "expandtabs":
        tab = _number(args[0] if args else kwargs.get("tabsize"), 8)
        return n + owner.count("\t") * max(tab, 0)
    if name == "replace" and len(args) >= 2 and isinstance(args[0], str):
        old, new = args[0], args[1]
        hits = owner.count(old) if old else n + 1
        return n + hits * max(_size(new, MAX_TEMPLATE_VALUE + 1) - len(old), 0)
    if name == "translate" and args and isinstance(args[0], dict):
        longest = max((_size(v, MAX_TEMPLATE_VALUE + 1) for v in args[0].values()), default=1)
        return n * max(longest, 1)
    return None


_GROWING_FILTERS = {
    # filter: (size of the result, at most) from the bound arguments
    "center": lambda a, b: max(_size(a["value"], b), _number(a["width"])),
    "indent": lambda a, b: (
        _size(a["s"], b)
        + (str(a["s"]).count("\n") + 1)
        * (_number(a["width"]) if not isinstance(a["width"], str) else len(a["width"]))
    ),
    "format": lambda a, b: _percent_size(str(a["value"]), a["kwargs"] or a["args"]),
    "join": lambda a, b: _size(a["value"], b) + len(str(a["d"])) * len(a["value"]),
    "replace": lambda a, b: _method_size(str(a["s"]).replace, (a["old"], a["new"]), {}) or 0,
    "wordwrap": lambda a, b: (
        _size(a["s"], b)
        + (len(str(a["s"])) // max(_number(a["width"], 1), 1) + str(a["s"]).count("\n") + 1)
        * len(a["wrapstring"] or "\n")
    ),
    "batch": lambda a, b: max(
        _number(a["linecount"]), _number(a["linecount"]) * _size(a["fill_with"], b)
    ),
    "slice": lambda a, b: max(
        _number(a["slices"]) * MAX_TEMPLATE_VALUE // MAX_TEMPLATE_SLICES,
        _number(a["slices"]) * _size(a["fill_with"], b),
    ),
    "tojson": lambda a, b: (
        _size(a["value"], b)
        * (1 + (len(a["indent"]) if isinstance(a["indent"], str) else abs(_number(a["indent"]))))
    ),
    "urlize": lambda a, b: (
        _size(a["value"], b) * (1 + len(str(a["target"] or "")) + len(str(a["rel"] or "")))
    ),
    "sum": lambda a, b: (
        _size(a["iterable"], b)
        * (1 if isinstance(a["start"], int | float) else max(1, len(a["iterable"]) // 1000))
    ),
}
# arguments that may be a one-shot iterator: made a list first, so that it can be measured
_LISTED = {"join": "value", "sum": "iterable", "batch": "value"}


def _bounded_filter(name: str, function: Any, limits: _Limits) -> Any:
    """`function` (a filter) with the deadline checked, and its result's size bounded."""
    import functools
    import inspect

    from markupsafe import Markup

    try:
        signature: inspect.Signature | None = inspect.signature(function)
    except (TypeError, ValueError):
        signature = None
    estimate = _GROWING_FILTERS.get(name)

    @functools.wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        limits.check_time()
        if estimate is not None and signature is not None:
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            listed = _LISTED.get(name)
            if listed is not None and not isinstance(bound.arguments[listed], list | tuple):
                bound.arguments[listed] = list(bound.arguments[listed])
            limits.check_size(estimate(bound.arguments, limits.value + 1), f"the `{name}` filter")
            args, kwargs = bound.args, bound.kwargs
        result = function(*args, **kwargs)
        if isinstance(result, str | list | tuple | dict) and not isinstance(result, Markup):
            limits.check_size(_size(result, limits.value), f"the `{name}` filter")
        return result

    return bounded


def _checked_finalize(limits: _Limits, escape: Any) -> Any:
    """The `finalize` hook of a user's template: size-check each printed value, then escape."""

    def finalize(value: Any) -> Any:
        if not isinstance(value, str):
            limits.check_size(_size(value, limits.value), "printing a value")
        limits.check_time()
        return value if escape is None else escape(value)

    return finalize


@cache
def _sandbox_class() -> Any:
    """Jinja's immutable sandbox, with every operation that can build a big value bounded."""
    from jinja2.compiler import CodeGenerator
    from jinja2.runtime import Macro, markup_join, str_join
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class BoundedCode(CodeGenerator):
        """Compiles `a ~ b` to a call that measures before it joins."""

        def visit_Concat(self, node: Any, frame: Any) -> None:
            self.write("environment.bounded_join(context, (")
            for arg in node.nodes:
                self.visit(arg, frame)
                self.write(", ")
            self.write("))")

    class BoundedSandbox(ImmutableSandboxedEnvironment):
        code_generator_class = BoundedCode
        intercepted_binops = frozenset(["*", "**", "+", "%"])

        def __init__(self, limits: _Limits, **options: Any) -> None:
            super().__init__(**options)
            self.limits = limits

        def concat(self, parts: Any) -> str:
            """Macro, block and filter-block captures: bounded like the output."""
            parts = list(parts)
            self.limits.check_size(
                sum(len(p) for p in parts), "a captured block", self.limits.output
            )
            return "".join(parts)

        def bounded_join(self, context: Any, parts: tuple[Any, ...]) -> Any:
            size = sum(_size(p, self.limits.value) for p in parts)
            self.limits.check_size(size, "`~`")
            if context.eval_ctx.autoescape:
                return markup_join(parts)
            return str_join(parts)

        def getattr(self, obj: Any, attribute: str) -> Any:
            self.limits.check_time()
            return super().getattr(obj, attribute)

        def getitem(self, obj: Any, argument: Any) -> Any:
            self.limits.check_time()
            return super().getitem(obj, argument)

        def wrap_str_format(self, value: Any) -> Any:
            wrapped = super().wrap_str_format(value)
            if wrapped is None:
                return None
            fmt = str(value.__self__)
            is_map = value.__name__ == "format_map"
            limits = self.limits

            def bounded(*args: Any, **kwargs: Any) -> Any:
                if is_map:
                    size = _format_size(fmt, (), args[0] if args else {})
                else:
                    size = _format_size(fmt, args, kwargs)
                limits.check_size(size, f"`{value.__name__}`")
                return wrapped(*args, **kwargs)

            return bounded

        def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
            self.limits.check_time()
            if getattr(obj, "__name__", "") == "join" and isinstance(
                getattr(obj, "__self__", None), str
            ):
                items = list(args[0]) if args else []
                sep = len(obj.__self__)
                size = _size(items, self.limits.value) + sep * len(items)
                self.limits.check_size(size, "`join`")
                args = (items, *args[1:])
            else:
                grown = _method_size(obj, args, kwargs)
                if grown is not None:
                    self.limits.check_size(grown, f"`{obj.__name__}`")
            result = super().call(context, obj, *args, **kwargs)
            if not isinstance(obj, Macro):
                self.limits.check_size(_size(result, self.limits.value), "a call")
            return result

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            limits = self.limits
            limits.check_time()
            numbers = (int, float)
            if operator == "**":
                if isinstance(left, numbers) and isinstance(right, numbers):
                    digits = abs(right) * max(1, len(str(abs(int(left)))))
                    limits.check_size(int(digits), "`**`", limits.value // 1000)
                return left**right
            if operator == "%":
                if isinstance(left, str):
                    limits.check_size(_percent_size(left, right), "`%`")
                return left % right
            if operator == "+":
                if not (isinstance(left, numbers) and isinstance(right, numbers)):
                    size = _size(left, limits.value) + _size(right, limits.value)
                    limits.check_size(size, "`+`")
                return left + right
            # `*`: a repetition, or a product of numbers
            count = [x for x in (left, right) if isinstance(x, int) and not isinstance(x, bool)]
            seqs = [x for x in (left, right) if isinstance(x, str | list | tuple)]
            if seqs and count:
                limits.check_size(_size(seqs[0], limits.value) * max(count[0], 0), "`*`")
            elif len(count) == 2:
                bits = abs(left).bit_length() + abs(right).bit_length()
                limits.check_size(bits * 3 // 10, "`*`", limits.value // 1000)
            return left * right

    return BoundedSandbox


def _confined_loader(root: Path) -> Any:
    """A loader for `root` that reads only regular files inside it (after resolving links).

    Reading goes through `termlang.access.read_named`: a regular file, without blocking, at
    most `MAX_FILE_BYTES`. A refused file is never opened past that, so its content never
    reaches a message.
    """
    import jinja2
    from jinja2.loaders import split_template_path

    from termlang.access import MAX_FILE_BYTES, Refusal, Rule, read_named

    real_root = Path(os.path.realpath(root))
    reasons = {
        Rule.DIRECTORY: "is a directory",
        Rule.NOT_REGULAR: "is not a regular file",
        Rule.TOO_LARGE: f"is over the {MAX_FILE_BYTES:,}-byte limit",
    }

    class ConfinedLoader(jinja2.BaseLoader):
        def get_source(self, environment: Any, template: str) -> tuple[str, str, Any]:
            pieces = split_template_path(template)  # refuses `..`
            path = os.path.join(str(root), *pieces)
            if not os.path.lexists(path):
                raise jinja2.TemplateNotFound(template)
            real = Path(os.path.realpath(path))
            if not real.is_relative_to(real_root):
                raise _Refused(template, "leads outside the template directory")
            data = read_named(real, template)
            if isinstance(data, Refusal):
                if data.rule is Rule.MISSING:
                    raise jinja2.TemplateNotFound(template)
                reason = reasons.get(data.rule, f"cannot be read: {data.detail}")
                raise _Refused(template, reason)
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                raise _Refused(template, "is not UTF-8") from None
            return text, path, lambda: True

    return ConfinedLoader()


def _time_limited(render: Any, seconds: float) -> Any:
    """Run `render()` under a wall-clock limit where the platform allows it (Unix, main thread).

    The alarm interrupts Python code (a loop); a single call cannot run long, since every
    call that could is bounded by size and checks the deadline first.
    """
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


def _write_bounded(template: Any, view: dict[str, Any], limits: _Limits) -> str:
    """Render chunk by chunk, stopping (inside the template, for its line) past the limits."""
    chunks: list[str] = []
    total = 0
    stream = template.generate(**view)
    for chunk in stream:
        total += len(chunk)
        chunks.append(chunk)
        if total > limits.output:
            stream.throw(_OutputTooLarge(f"template wrote more than {limits.output:,} characters"))
        if time.monotonic() > limits.deadline:
            stream.throw(_TooSlow())
    return "".join(chunks)


def _output_limit() -> int:
    """`TERMLANG_TEMPLATE_MAX_OUTPUT` (characters) or the default."""
    raw = os.environ.get(OUTPUT_VARIABLE, "").strip().replace("_", "")
    if not raw:
        return MAX_TEMPLATE_OUTPUT
    if not raw.isdigit() or len(raw) > 18 or int(raw) == 0:
        raise TemplateProblem(
            "TL707",
            f"`{OUTPUT_VARIABLE}` must be a positive whole number of characters, "
            f"not `{show_controls(raw)}`",
            None,
            None,
            f"unset it for the default of {MAX_TEMPLATE_OUTPUT:,} characters",
        )
    return int(raw)


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


def render_template(
    view: dict[str, Any],
    output_format: str,
    spec: str | None,
    *,
    max_output: int | None = None,
) -> str:
    """Render the view model with the chosen template; raises `TemplateProblem`.

    A user's template may write at most `max_output` characters (default: the
    `TERMLANG_TEMPLATE_MAX_OUTPUT` environment variable, else `MAX_TEMPLATE_OUTPUT`).
    Control characters in the result are shown as pictures (`termlang.textsafe`).
    """
    import jinja2
    from jinja2.exceptions import SecurityError

    user_dir, name = template_name(spec, output_format)
    limits = None
    if user_dir is not None:
        output = _output_limit() if max_output is None else max_output
        limits = _Limits(output=output, seconds=MAX_TEMPLATE_SECONDS)
    if user_dir is None:
        env = _builtin_environment(output_format)
    else:
        env = make_environment(output_format, user_dir, limits)
    entry = str(user_dir / name) if user_dir is not None else name
    try:
        if limits is None:
            return show_controls(str(env.get_template(name).render(**view)))
        bounded = limits

        def run() -> str:
            return _write_bounded(env.get_template(name), view, bounded)

        return show_controls(_time_limited(run, limits.seconds))
    except _TooSlow as exc:
        path, line = _template_frame(exc)
        raise TemplateProblem(
            "TL705",
            f"template took longer than {MAX_TEMPLATE_SECONDS} seconds",
            path or entry,
            line,
            "a summary template lays out the view model; it has no reason to compute "
            f"(the limit is {MAX_TEMPLATE_SECONDS} seconds)",
        ) from None
    except _TooLarge as exc:
        path, line = _template_frame(exc)
        raise TemplateProblem(
            "TL704",
            f"template value too large: {_plain(exc)}",
            path or entry,
            line,
            f"one value may hold at most {exc.limit:,} characters or items; "
            "a template lays out the view model (docs/templates.md)",
        ) from None
    except _OutputTooLarge as exc:
        path, line = _template_frame(exc)
        assert limits is not None
        raise TemplateProblem(
            "TL707",
            _plain(exc),
            path or entry,
            line,
            f"a template may write at most {limits.output:,} characters; "
            f"set `{OUTPUT_VARIABLE}` to allow more",
        ) from None
    except _Refused as exc:
        path, line = _template_frame(exc)
        from termlang.access import MAX_FILE_BYTES

        raise TemplateProblem(
            "TL708",
            f"template `{show_controls(exc.name)}` {exc.reason}",
            path,
            line,
            "a template may load only regular UTF-8 files inside its own directory (after "
            f"resolving symbolic links), of at most {MAX_FILE_BYTES:,} bytes",
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
