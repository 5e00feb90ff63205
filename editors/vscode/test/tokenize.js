// Tokenize .term files with VS Code's own engine (vscode-textmate + vscode-oniguruma) and print,
// for each file, each line's tokens as [start, end, scopes]. tests/test_highlight.py compares
// the result with its Python reading of the same grammar.
//
//   NODE_PATH=path/to/node_modules node tokenize.js term.tmLanguage.json a.term b.term ...
"use strict";

const fs = require("fs");
const path = require("path");
const vsctm = require("vscode-textmate");
const oniguruma = require("vscode-oniguruma");

async function main() {
  const [grammarPath, ...files] = process.argv.slice(2);
  const wasmPath = require.resolve("vscode-oniguruma/release/onig.wasm");
  await oniguruma.loadWASM(fs.readFileSync(wasmPath).buffer);
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) =>
      scopeName === "source.term"
        ? vsctm.parseRawGrammar(fs.readFileSync(grammarPath, "utf8"), path.resolve(grammarPath))
        : null,
  });
  const grammar = await registry.loadGrammar("source.term");
  const out = files.map((file) => {
    let state = vsctm.INITIAL;
    return fs
      .readFileSync(file, "utf8")
      .split(/\r?\n/)
      .map((line) => {
        const result = grammar.tokenizeLine(line, state);
        state = result.ruleStack;
        return result.tokens.map((t) => [t.startIndex, t.endIndex, t.scopes]);
      });
  });
  process.stdout.write(JSON.stringify(out));
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error) + "\n");
  process.exit(1);
});
