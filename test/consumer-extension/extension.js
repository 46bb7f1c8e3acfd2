// A second extension for the host and e2e tests: it asks VS Code's authentication API for the
// "nora-bitbucket" session as any other extension would, so VS Code checks consent for it, and
// reads what Nora's API tells it with and without that session. Its commands write what they got
// to <workspace>/.consumer-result.json: a hash of the token, never the token itself. It also calls
// Nora's language model tools through vscode.lm.invokeTool, as an agent outside a chat request
// would, and writes the result's text to .consumer-tool-result.json.
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
  /**
   * The tool's text parts, or the error VS Code threw (for example when the user cancels the
   * confirmation). `cancelAfterMs`: the caller cancels the call then, as a chat's Stop does.
   */
  const invokeTool = async (name, input, cancelAfterMs) => {
    const result = { name };
    const cancellation = new vscode.CancellationTokenSource();
    const timer = cancelAfterMs === undefined ? undefined : setTimeout(() => cancellation.cancel(), cancelAfterMs);
    try {
      const answer = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined }, cancellation.token);
      result.text = answer.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
    } catch (error) {
      result.error = error instanceof Error ? error.message : String(error);
    } finally {
      clearTimeout(timer);
      cancellation.dispose();
    }
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (folder) await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder.uri, '.consumer-tool-result.json'), Buffer.from(JSON.stringify(result)));
    return result;
  };
  const pullRequest = { workspace: 'acme-eng', repository: 'widgets', title: 'Add login tests', source_branch: 'feature/tests', description: 'Made by the consumer.' };
  context.subscriptions.push(
    vscode.commands.registerCommand('noraTestConsumer.invokeTool', (name, input, cancelAfterMs) => invokeTool(name, input, cancelAfterMs)),
    vscode.commands.registerCommand('noraTestConsumer.createPullRequest', () => invokeTool('bitbucket_create_pull_request', pullRequest)),
    vscode.authentication.onDidChangeSessions((event) => {
      if (event.provider.id === 'nora-bitbucket') sessionChanges++;
    }),
    vscode.commands.registerCommand('noraTestConsumer.askForSession', () => report('ask', { createIfNone: true })),
    vscode.commands.registerCommand('noraTestConsumer.askForScopes', () => report('askScopes', { createIfNone: true }, [scopeTheTokenLacks])),
    vscode.commands.registerCommand('noraTestConsumer.checkSession', () => report('check', { silent: true })),
  );
  return { getSession, sessionChanges: () => sessionChanges };
};
