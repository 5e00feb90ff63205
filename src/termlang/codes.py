"""Every diagnostic code termlang emits, with its documentation.

Codes are stable: a code is never reused for another problem. Ranges:

* `TL0xx` files and limits (I/O, encoding, size)
* `TL1xx` syntax
* `TL2xx` structure (declarations, fields, values)
* `TL3xx` names (undefined, duplicate, wrong kind)
* `TL4xx`-`TL5xx` consistency checks (`termlang.checks`)
* `TL6xx` scenarios and expectations

`termlang explain CODE` prints the entry; SARIF output lists the entries as rules.
"""

from __future__ import annotations

from termlang.diagnostics import RuleInfo, Severity

E = Severity.ERROR
W = Severity.WARNING
N = Severity.NOTE

# Structure and name codes used by lower.py and resolve.py.
UNKNOWN_DECLARATION = "TL200"
UNKNOWN_FIELD = "TL201"
DUPLICATE_FIELD = "TL202"
MISSING_FIELD = "TL203"
BAD_VALUE = "TL204"
UNDEFINED_NAME = "TL300"
DUPLICATE_NAME = "TL301"
WRONG_KIND = "TL302"
AGREEMENT_HEADER = "TL303"
WITHIN_CYCLE = "TL304"
RESERVED_NAME = "TL305"

_CORE = (
    RuleInfo(
        "TL001",
        "unreadable-file",
        "a file could not be read",
        "The path does not exist, "
        "is not a regular file, or cannot be opened. `check` exits with status 2.",
        E,
    ),
    RuleInfo(
        "TL002",
        "not-utf8",
        "a file is not UTF-8 text",
        "termlang reads .term files as "
        "UTF-8 (a byte order mark is accepted). The diagnostic points at the first byte "
        "that is not valid UTF-8; save the file as UTF-8.",
        E,
    ),
    RuleInfo(
        "TL003",
        "too-many-diagnostics",
        "more diagnostics than the display limit, or a pass stopped early",
        "Past the limit per file (200), diagnostics are counted but not shown. A check stops "
        "after 2,000 findings, and syntax-error recovery stops re-parsing a large file after "
        "a budget (about twice the file): a note says so, and the count of what is not shown "
        "is then a lower bound. Fix the first ones and run again.",
        N,
    ),
    RuleInfo(
        "TL004",
        "file-too-large",
        "a file is larger than termlang accepts",
        "A .term file over the size limit (8 MiB) is not parsed: no agreement is that large, "
        "so it is almost certainly not a .term file.",
        E,
    ),
    RuleInfo(
        "TL005",
        "binary-file",
        "a file holds binary data",
        "The file contains NUL bytes, so it is not a text file.",
        E,
    ),
    RuleInfo(
        "TL006",
        "empty-file",
        "a file declares nothing",
        "An empty .term file (or one with only comments) declares no agreement.",
        W,
    ),
    RuleInfo(
        "TL007",
        "line-too-long",
        "a line is longer than termlang accepts",
        "Lines longer than 10,000 characters are refused: split the text over several "
        "lines (a triple-quoted note may span lines).",
        E,
    ),
    RuleInfo(
        "TL008",
        "too-deep",
        "blocks or expressions nested too deeply",
        "Nesting deeper than the limit (blocks 32 levels, expressions 200) is refused "
        "instead of exhausting the stack.",
        E,
    ),
    RuleInfo(
        "TL009",
        "formatter-unsafe",
        "the formatter would change the meaning or the comments of a file",
        "`termlang fmt` re-parses its own output and refuses to write a file whose items or "
        "comments would differ; please report the file, it is a formatter bug.",
        E,
    ),
    RuleInfo(
        "TL010",
        "lone-carriage-return",
        "a line ends with a carriage return alone",
        "Lines end with LF (Unix) or CRLF (Windows). A carriage return alone (classic Mac OS) "
        "is not a line end, so the file would read as one long line; the diagnostic points at "
        "the first one.",
        E,
    ),
    # Refusals of the one writer, termlang.files.write_file (`fmt`, `render -o`).
    RuleInfo(
        "TL030",
        "output-is-symlink",
        "a file to write is a symbolic link",
        "`fmt` and `render -o` do not replace a symbolic link with a file, nor write through "
        "it silently. Pass `--follow-symlinks` to write to the file the link points to (the "
        "link stays), or name that file. A link to a device or a pipe (`/dev/stdout`) is "
        "written through without the flag.",
        E,
    ),
    RuleInfo(
        "TL031",
        "output-not-a-file",
        "a file to write is a directory, a socket or a block device",
        "Only a regular file is replaced. A character device or a pipe (`-o /dev/null`, a "
        "FIFO, a terminal) is written straight through and never replaced; anything else is "
        "refused.",
        E,
    ),
    RuleInfo(
        "TL032",
        "output-read-only",
        "a file to write is read-only",
        "A file without any write permission bit (`chmod a-w`), or one you may not write, "
        "is left alone even when its directory would allow replacing it, and even for root. "
        "Make it writable (`chmod u+w FILE`) if it should change.",
        E,
    ),
    RuleInfo(
        "TL033",
        "output-is-input",
        "the output file is the input file",
        "`render X.term -o X.term` would destroy the agreement it summarizes. The check "
        "compares the files themselves, so a hard link or a symbolic link to the input is "
        "refused too; choose another output name.",
        E,
    ),
    RuleInfo(
        "TL034",
        "changed-during-write",
        "a file changed while termlang was writing it",
        "`fmt` writes only if the file still holds exactly the text it formatted, and "
        "`render -o` only if the output was not touched meanwhile; otherwise nothing is "
        "written, so an edit made in the meantime (an editor saving, a `git checkout`) is "
        "never lost. Run the command again.",
        E,
    ),
    RuleInfo(
        "TL035",
        "bad-git-revision",
        "a git revision that is not a commit",
        "`termlang diff --git REV FILE` takes a commit (`HEAD~1`, a branch, a tag, a hash). "
        "A REV that starts with `-` is refused before git runs, so it can never be read as "
        "a git option (`--git=--output=x`).",
        E,
    ),
    RuleInfo(
        "TL020",
        "file-access-refused",
        "a file another file names is outside the project or not a .term file",
        'A file named by another file (`uses "agreement.term"`, a JSON scenario\'s '
        '`"agreement"`) is read only if, after every symbolic link, it is a regular `.term` '
        "file inside the project: the git work tree holding the file named on the command "
        "line, else the directory named or holding it. `--allow-outside DIR` trusts another "
        "directory. A refused file is never opened, so nothing of it is shown. A directory "
        "walk reports a link to a file outside the directory (a warning) instead of "
        "following it. See docs/security.md.",
        E,
    ),
    RuleInfo(
        "TL100",
        "syntax-error",
        "the text does not follow the grammar",
        "A token appeared where the grammar does not allow it. The message says what was "
        "found and what could come instead. Every syntax error of a file is reported in one "
        "run.",
        E,
    ),
    RuleInfo(
        "TL101",
        "unexpected-character",
        "a character that cannot start any token",
        "Characters such as `=`, `:`, `$` or `€` are not part of the language: fields are "
        "`key value`, amounts are `USD 13B`.",
        E,
    ),
    RuleInfo(
        "TL102",
        "unterminated-string",
        "a string is not closed on its line",
        'A `"` string ends on the line it starts; use `"""` for text over several lines.',
        E,
    ),
    RuleInfo(
        "TL103",
        "unclosed-block",
        "a `{` has no matching `}`",
        "The diagnostic points at the opening brace that is never closed.",
        E,
    ),
    RuleInfo(
        "TL104",
        "bad-literal",
        "a literal that means nothing",
        "A date that does not exist (`2026-02-30`), a malformed number, or an unknown "
        "string escape.",
        E,
    ),
    RuleInfo(
        UNKNOWN_DECLARATION,
        "unknown-declaration",
        "a top-level item is not a declaration",
        "Top-level items are `agreement`, `party`, `entity`, `asset`, `scope`, `stream`, "
        "`event`, `exchange_rate`, `scenario` and the clause kinds.",
        E,
    ),
    RuleInfo(
        UNKNOWN_FIELD,
        "unknown-field",
        "a field that this declaration does not take",
        "Each declaration kind takes a fixed set of fields (see docs/language.md). The help "
        "suggests the closest field name.",
        E,
    ),
    RuleInfo(
        DUPLICATE_FIELD,
        "duplicate-field",
        "a single-valued field is set twice",
        "Only fields that can repeat (`share`, `tranche`, `carve_out`, `next`, `from`, ...) "
        "may appear more than once.",
        E,
    ),
    RuleInfo(
        MISSING_FIELD,
        "missing-field",
        "a required field is missing",
        "For example a `priority_access` without `grantee`, or an `obligation` without "
        "`must`, `must_not` or `may`.",
        E,
    ),
    RuleInfo(
        BAD_VALUE,
        "bad-value",
        "a field's value has the wrong shape",
        "For example `window 2025-09-11` (a window needs `..`), `lead_time 6 moths` (an "
        "unknown unit) or `commitment XYZ 5B` (an unknown currency).",
        E,
    ),
    RuleInfo(
        UNDEFINED_NAME,
        "undefined-name",
        "a name that is not declared",
        "Every party, entity, asset, scope, stream, event and clause a clause mentions must "
        "be declared in the file. The help suggests the closest declared name.",
        E,
    ),
    RuleInfo(
        DUPLICATE_NAME,
        "duplicate-name",
        "two declarations share one name",
        "Names are unique across a file (parties, entities, vocabularies, events, clauses "
        "and scenarios share one namespace).",
        E,
    ),
    RuleInfo(
        WRONG_KIND,
        "wrong-kind",
        "a name refers to the wrong kind of declaration",
        "For example an `exclusivity` whose `scope` names an asset, or a `grantee` that is "
        "an event.",
        E,
    ),
    RuleInfo(
        AGREEMENT_HEADER,
        "agreement-header",
        "the file has no agreement, or more than one",
        "A .term file holds exactly one `agreement` block (a scenario-only file is a "
        "later extension).",
        E,
    ),
    RuleInfo(
        WITHIN_CYCLE,
        "within-cycle",
        "a scope or asset sits within itself",
        "`within` chains must end: `a within b` and `b within a` make containment undecidable.",
        E,
    ),
    RuleInfo(
        RESERVED_NAME,
        "reserved-name",
        "a declaration uses a reserved name",
        "`effective`, `long_stop`, `agreement`, `never`, `any` and the condition functions "
        "are part of the language and cannot name a declaration.",
        E,
    ),
    RuleInfo(
        "TL306",
        "scenario-file",
        "a scenario file is malformed or its agreement cannot be used",
        'A file of scenarios starts with `uses "agreement.term"` (a path relative to it) '
        "and holds only `scenario` blocks. The agreement must exist, be a file with an "
        "`agreement` block, and check without errors.",
        E,
    ),
    # Template errors of `termlang render --template` (termlang.render.environment).
    RuleInfo(
        "TL701",
        "template-syntax",
        "a custom template has a syntax error",
        "The Jinja template given with `--template` does not parse; the diagnostic points "
        "at the template's file and line.",
        E,
    ),
    RuleInfo(
        "TL702",
        "template-not-found",
        "a template cannot be found",
        "An unknown built-in name, a missing file, or a template directory without "
        "`md.j2`/`html.j2`.",
        E,
    ),
    RuleInfo(
        "TL703",
        "template-undefined",
        "a template uses a value the view model lacks",
        "Templates run with strict undefined variables: a misspelt field of the view "
        "model (docs/templates.md) is an error, not an empty string.",
        E,
    ),
    RuleInfo(
        "TL704",
        "template-sandbox",
        "a template does something the sandbox forbids",
        "Custom templates run in Jinja's immutable sandbox: attribute tricks such as "
        "`__class__`, calling unsafe methods and changing the view model are refused, and so "
        "is any operation that would build a value over 10,000,000 characters or items "
        "(repetition, `~`, `+`, `%`, `format`, padding, `join`, `indent`, ...) or a number "
        "over 10,000 digits.",
        E,
    ),
    RuleInfo(
        "TL705",
        "template-failed",
        "a template failed while rendering",
        "Any other error raised while rendering a custom template, with its file and line, "
        "including running past the time limit (10 seconds).",
        E,
    ),
    RuleInfo(
        "TL706",
        "template-format",
        "a custom template was given for Word output",
        "Custom templates apply to Markdown and HTML; Word output uses the built-in layout.",
        E,
    ),
    RuleInfo(
        "TL707",
        "template-output-limit",
        "a custom template writes too much",
        "A custom template may write at most 20,000,000 characters; the environment variable "
        "`TERMLANG_TEMPLATE_MAX_OUTPUT` sets another limit.",
        E,
    ),
    RuleInfo(
        "TL708",
        "template-refused",
        "a template file is refused",
        "A custom template may include, import or extend only regular UTF-8 files inside its "
        "own directory, after resolving symbolic links, of at most 8 MiB. A link leading "
        "outside, a device, a FIFO or a directory is refused; its content is never shown.",
        E,
    ),
    RuleInfo(
        "TL709",
        "pdf-browser",
        "a PDF cannot be printed: no Chromium, or it failed",
        "`termlang render --format pdf` prints the HTML summary with the system's headless "
        "Chromium (Debian's `chromium` package, or the executable `TERMLANG_CHROMIUM` names). "
        "Without it, or when it fails or runs past two minutes, nothing is written; "
        "`--format html` needs no browser.",
        E,
    ),
)

CORE_RULES = _CORE
