// The SurvQL extension: starts `survql lsp` and connects VS Code's language client to it.
// The Run / Run to here lenses call the server's survql.run and survql.runToCursor commands;
// their rendered tables are shown in the "SurvQL results" output channel.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration("survql");
  const results = vscode.window.createOutputChannel("SurvQL results");
  const server = { command: config.get("path", "survql"), args: ["lsp", "--log-level", config.get("logLevel", "warning")] };
  client = new LanguageClient("survql", "SurvQL", { run: server, debug: server }, {
    documentSelector: [{ language: "survql" }],
    middleware: {
      executeCommand: async (command, args, next) => {
        const answer = await next(command, args);
        if (answer && typeof answer.text === "string") {
          results.appendLine(answer.text);
          for (const d of answer.diagnostics || []) results.appendLine(`line ${d.range.start.line + 1}: ${d.message}`);
          results.show(true);
        }
        return answer;
      },
    },
  });
  context.subscriptions.push(results);
  client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
