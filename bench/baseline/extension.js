// The benchmark's baseline: a minimal "hello world" extension, written as the `yo code` template
// writes one (an ES module importing `* as vscode`), bundled and measured the same way as ours. Activation registers one command and shows one status bar item; the command opens a
// minimal webview panel that does the same ready/state exchange as the Connect form, so the
// form's open time can be compared with the least any webview costs in the same run.
import * as vscode from 'vscode';

export function activate(context) {
  const item = vscode.window.createStatusBarItem('bench.baseline.status', vscode.StatusBarAlignment.Left);
  item.text = 'Baseline';
  item.command = 'bench.baseline.openPanel';
  item.show();
  context.subscriptions.push(item, vscode.commands.registerCommand('bench.baseline.openPanel', openPanel));
}

function openPanel() {
  const panel = vscode.window.createWebviewPanel('bench.baseline.panel', 'Baseline Panel', vscode.ViewColumn.Active, { enableScripts: true });
  const nonce = String(Math.random()).slice(2);
  panel.webview.onDidReceiveMessage((message) => {
    if (message && message.type === 'ready') void panel.webview.postMessage({ type: 'state', text: 'Baseline ready.' });
  });
  panel.webview.html = `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}';">
<title>Baseline Panel</title></head><body><form aria-busy="true"><p id="state"></p></form>
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
window.addEventListener('message', (event) => {
  document.getElementById('state').textContent = event.data.text;
  document.querySelector('form').setAttribute('aria-busy', 'false');
});
vscode.postMessage({ type: 'ready' });
</script></body></html>`;
}

