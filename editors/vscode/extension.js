// The termlang extension: highlighting comes from the grammar (package.json); everything else
// (diagnostics, hover, go to definition, completion, code actions, formatting) from the
// language server `termlang lsp`, started over stdio. Without the server, highlighting works.
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function command() {
  return vscode.workspace.getConfiguration("termlang").get("path") || "termlang";
}

function createClient() {
  const serverOptions = { command: command(), args: ["lsp"], transport: TransportKind.stdio };
  const clientOptions = {
    documentSelector: [
      { scheme: "file", language: "term" },
      { scheme: "untitled", language: "term" },
    ],
    synchronize: {
      // a scenario file names its agreement (`uses`): re-check when either changes on disk
      fileEvents: vscode.workspace.createFileSystemWatcher("**/*.{term,json}"),
    },
  };
  return new LanguageClient("termlang", "termlang", serverOptions, clientOptions);
}

async function start() {
  client = createClient();
  try {
    await client.start();
  } catch (error) {
    const message = error && error.message ? error.message : String(error);
    vscode.window.showWarningMessage(
      `termlang: could not start \`${command()} lsp\` (${message}). Highlighting still works; ` +
        "install the server with `pip install 'termlang[lsp]'` or set `termlang.path`.",
    );
    client = undefined;
  }
}

async function stop() {
  if (client) {
    const running = client;
    client = undefined;
    await running.stop();
  }
}

async function activate(context) {
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("termlang.path")) {
        await stop();
        await start();
      }
    }),
    vscode.commands.registerCommand("termlang.restartServer", async () => {
      await stop();
      await start();
    }),
  );
  await start();
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate };
