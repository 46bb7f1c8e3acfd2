// A second extension for the host and e2e tests: it asks VS Code's authentication API for the
// "nora-bitbucket" session as any other extension would, so VS Code checks consent for it, and
// reads what Nora's API tells it with and without that session. Its commands write what they got
// to <workspace>/.consumer-result.json: a hash of the token, never the token itself.
const { createHash } = require('node:crypto');
const vscode = require('vscode');

/** A scope the demo token lacks, for a request that the token cannot answer. */
const scopeTheTokenLacks = 'admin:workspace:bitbucket';

exports.activate = function activate(context) {
  let sessionChanges = 0;
  const getSession = (options, scopes = []) => vscode.authentication.getSession('nora-bitbucket', scopes, options);
  const noraApi = async () => vscode.extensions.getExtension('nora.nora-bitbucket')?.activate();
  const report = async (call, options, scopes) => {
    const result = { call, sessionChanges };
    try {
      const session = await getSession(options, scopes);
      result.session = session
        ? { id: session.id, accountLabel: session.account.label, tokenSha256: createHash('sha256').update(session.accessToken).digest('hex') }
        : null;
      const api = await noraApi();
      if (api) {
        // What any extension learns without a session, and what the session's holder learns.
        result.connected = api.isConnected();
        result.connectionWithoutSession = (await api.getConnection(undefined)) ?? null;
        result.connection = session ? ((await api.getConnection(session)) ?? null) : null;
        // The agent environment's variable names (never their values), or null when refused.
        const environment = session ? await api.getEnvironment(session) : undefined;
        result.environmentNames = environment ? Object.keys(environment).sort() : null;
      }
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
    vscode.commands.registerCommand('noraTestConsumer.askForScopes', () => report('askScopes', { createIfNone: true }, [scopeTheTokenLacks])),
    vscode.commands.registerCommand('noraTestConsumer.checkSession', () => report('check', { silent: true })),
  );
  return { getSession, sessionChanges: () => sessionChanges };
};
