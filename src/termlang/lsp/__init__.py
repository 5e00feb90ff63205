"""`termlang lsp`: a Language Server Protocol server for .term files (pygls, on stdio).

Top floor, beside `commands` and `cli`: it may import any stage, and nothing imports it. The
modules below need the optional extra (`pip install 'termlang[lsp]'`: pygls and lsprotocol);
`termlang check` never imports them.

* `positions`: LSP positions (UTF-16 code units) to and from `termlang.source` offsets;
* `document`: one open document analysed with `termlang.pipeline.analyze`, and what it
  declares and references (`Document`), the state every feature reads;
* `features`: each LSP feature as a plain function of a `Document` (tested without a client);
* `server`: the pygls wiring, with the debounced re-check that drops stale versions.
"""

from __future__ import annotations
