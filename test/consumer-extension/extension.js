// A second extension for the host and e2e tests: it asks VS Code's authentication API for the
// "nora-bitbucket" session as any other extension would, so VS Code checks consent for it. Its
// commands write what they got to <workspace>/.consumer-result.json: a hash of the token, never
// the token itself.
const { createHash } = require('node:crypto');
const vscode = require('vscode');

exports.activate = function activate(context) {
  let sessionChanges = 0;
  const getSession = (options) => vscode.authentication.getSession('nora-bitbucket', [], options);
  const report = async (call, options) => {
    const result = { call, sessionChanges };
    try {
      const session = await getSession(options);
      result.session = session
        ? { id: session.id, accountLabel: session.account.label, tokenSha256: createHash('sha256').update(session.accessToken).digest('hex') }
        : null;
    } catch (error) {
      result.error = error instanceof Error ? error.message : String(error);
    }
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (folder) await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder.uri, '.consumer-result.json'), Buffer.from(JSON.stringify(result)));
  };
  context.subscriptions.push(
    vscode.authentication.onDidChangeSessions((event) => {
      if (event.provider.id === 'nora-bitbucket') sessionChanges++;
    }),
    vscode.commands.registerCommand('noraTestConsumer.askForSession', () => report('ask', { createIfNone: true })),
    vscode.commands.registerCommand('noraTestConsumer.checkSession', () => report('check', { silent: true })),
  );
  return { getSession, sessionChanges: () => sessionChanges };
};
