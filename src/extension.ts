// Activation: the status bar, the registrations and the API. What needs the HTTP client, zod or
// the form (features.ts, its own bundle) loads on first use.
import vscode = require('vscode');
import type { BitbucketConnectionState, NoraBitbucketApi } from '../api/nora-bitbucket';
import { agentTerminalProfileId, authenticationProviderId, commandIds, mcpProviderId, walkthroughId } from './commandIds';
import { BitbucketAuthenticationProvider, type StoredConnectionSource } from './connection/authenticationProvider.vscode';
import { setConnectedContext } from './connection/contextKeys.vscode';
import { ExpiryNotifier, onNewDay } from './connection/expiryNotifier.vscode';
import { connectionForSession } from './connection/session';
import { affectsConnectionSettings } from './connection/settingNames';
import { ConnectionStatusBar } from './connection/statusBar.vscode';
import { tieNotice } from './connection/tieNotice.vscode';
import { connectionStore, onDidChangeSecret, secretStore, upgradeStorage } from './connection/storage.vscode';
import { activeFirst, activeProfile, readConnectionStatus, readSessionCredentials, readStoredCredentials, type ConnectionStatus } from './connection/storedConnection';
import type { Features } from './features';
import { offerGitCredentials } from './git/gitCredentialsProvider.vscode';
import { FolderRemotes, updateRemoteNote } from './git/gitRemotes.vscode';
import { BitbucketMcpServerProvider } from './mcp/mcpServerProvider.vscode';
import { registerLanguageModelTools } from './tools/languageModelTools.vscode';
import { testingHooks } from './testingHooks.vscode';

export function activate(context: vscode.ExtensionContext): NoraBitbucketApi {
  const started = Date.now();
  const log = vscode.window.createOutputChannel('Nora Bitbucket', { log: true });
  // The folders' remotes choose this window's connection: when they change, every view looks again.
  const remotes = new FolderRemotes(() => void lookAgain());
  const connections = connectionStore(context, log, () => remotes.urls, workspaceName);
  const secrets = secretStore(context.secrets);
  const active = () => activeProfile(connections);
  /** One connection's profile and secret: this window's, or the one `credentialId` names. */
  const readCredentials = (credentialId?: string) => readStoredCredentials(connections, secrets, credentialId);
  // The one clock for expiry dates; extension-host tests move it (testingHooks.vscode.ts).
  const clock = { fixed: undefined as Date | undefined };
  const now = () => clock.fixed ?? new Date();

  const readStatus = () => readConnectionStatus(connections, secrets);
  /**
   * The one "stored connections changed" signal, with this window's connection as stored now:
   * after every write here, every change noticed from another window, and every change of the
   * folders' remotes. Every view redraws from it.
   */
  const connectionChanged = new vscode.EventEmitter<ConnectionStatus>();
  // One read per change, in order: a slow read never overwrites a later one.
  let reading = Promise.resolve();
  const lookAgain = (): Promise<void> => {
    reading = reading.then(async () => connectionChanged.fire(await readStatus())).catch((error: unknown) => log.error(`Reading the stored connection failed: ${String(error)}`));
    return reading;
  };
  const statusBar = new ConnectionStatusBar(now, readStatus, active());
  const mcp = new BitbucketMcpServerProvider({
    activeProfile: active,
    listConnections: () => connections.list(),
    readCredentials,
    log,
    statusBar,
    extensionId: context.extension.id,
  });
  const expiry = new ExpiryNotifier(context.globalState, now, () => vscode.commands.executeCommand(commandIds.replaceToken));
  const askAboutTie = tieNotice(context.workspaceState);
  const publicChanged = new vscode.EventEmitter<BitbucketConnectionState>();
  let publishedConnected = active() !== undefined;

  let loaded: Features | undefined;
  const features = (): Features => {
    if (loaded) return loaded;
    const loading = Date.now();
    // A bundle of its own (see esbuild.mjs): no window pays for it before it is needed.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a run-time load, kept out of this bundle
    const { loadFeatures } = require('./features.js') as typeof import('./features');
    loaded = loadFeatures({ context, log, connections, secrets, statusBar, now, lookAgain, onDidChangeConnection: connectionChanged.event });
    log.info(`Loaded connect, test, the form and agent terminals on first use in ${Date.now() - loading} ms.`);
    return loaded;
  };

  // In VS Code's Accounts menu: other extensions get the token only through it, after consent.
  const accounts: StoredConnectionSource = { list: () => activeFirst(connections), credentials: readCredentials, onDidChange: connectionChanged.event };
  const authentication = new BitbucketAuthenticationProvider(
    accounts,
    (scopes) => features().sessionFromForm(accounts, scopes),
    // VS Code's own confirmation has asked already: a second question could only contradict it.
    (credentialId) => features().service.disconnect([credentialId]),
  );

  const commands: { readonly [name in keyof typeof commandIds]: () => unknown } = {
    connect: () => features().form.show(),
    test: () => features().controller.test(true),
    replaceToken: () => features().openReplaceForm(),
    disconnect: () => features().controller.disconnect(),
    switchAccount: () => features().controller.switchAccount(),
    showLog: () => log.show(),
    newAgentTerminal: () => features().openAgentTerminal(),
    newAgentTerminalFor: () => features().openAgentTerminalFor(),
    startMcpServer: () => features().startMcpServer(mcp),
    getStarted: () => vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#${walkthroughId}`, false),
  };
  const showExpiry = () => {
    statusBar.showAgain();
    expiry.check(active());
  };
  context.subscriptions.push(
    log,
    statusBar,
    mcp,
    authentication,
    connectionChanged,
    publicChanged,
    connectionChanged.event((status) => {
      statusBar.showStored(status);
      setConnectedContext(status.state === 'connected');
      mcp.update();
      const profile = status.state === 'disconnected' ? undefined : status.profile;
      const choice = connections.choice();
      statusBar.showChoice(choice, connections.list());
      askAboutTie(choice);
      expiry.check(profile);
      updateRemoteNote(profile, remotes, statusBar);
      // Other extensions learn only whether Bitbucket is connected; the details need a session.
      if ((profile !== undefined) === publishedConnected) return;
      publishedConnected = profile !== undefined;
      publicChanged.fire({ connected: publishedConnected });
    }),
    onDidChangeSecret(context.secrets, () => void lookAgain()),
    ...(vscode.env.uiKind === vscode.UIKind.Web ? [lookAgainOnFocus(() => void lookAgain())] : []),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (affectsConnectionSettings(event)) features().checkSettings(event);
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void remotes.refresh()),
    vscode.window.onDidChangeWindowState((state) => state.focused && void remotes.refresh()),
    onNewDay(showExpiry),
    ...Object.entries(commandIds).map(([name, id]) => vscode.commands.registerCommand(id, commands[name as keyof typeof commandIds])),
    vscode.authentication.registerAuthenticationProvider(authenticationProviderId, vscode.l10n.t('Bitbucket (Nora)'), authentication, { supportsMultipleAccounts: true }),
    vscode.lm.registerMcpServerDefinitionProvider(mcpProviderId, mcp),
    vscode.window.registerTerminalProfileProvider(agentTerminalProfileId, {
      provideTerminalProfile: (token) => features().terminalProfiles.provideTerminalProfile(token),
    }),
    ...registerLanguageModelTools(() => features().languageModelTools),
  );

  // The first look at what is stored: local reads only, no network. A connection stored by an
  // earlier release moves into the list first.
  void upgradeStorage(context.globalState, context.secrets)
    .catch((error: unknown) => log.error(`Moving the stored connection into the list failed: ${String(error)}`))
    .then(lookAgain);
  // Reading the folders' remotes can run git, and VS Code's Git may still be starting: never during activation.
  const afterActivation = setTimeout(() => {
    void remotes.refresh();
    context.subscriptions.push(offerGitCredentials({ log, registered: (answers) => statusBar.showGitAnswers(answers), getCredentials: (host) => features().gitCredentials(host) }));
  }, 0);
  context.subscriptions.push(new vscode.Disposable(() => clearTimeout(afterActivation)));
  log.info(`Activated in ${Date.now() - started} ms.`);

  const api: NoraBitbucketApi = {
    isConnected: () => active() !== undefined,
    // The details, like the secret, only for a session the user allowed.
    getConnection: async (session) => connectionForSession(session, await readSessionCredentials(connections, secrets, session)),
    // The secret goes only to a caller that already holds it, through a session the user allowed.
    getEnvironment: (session) => features().environmentForSession(session),
    onDidChangeConnection: publicChanged.event,
  };
  // Extension-host tests drive the form's own code path; nothing of this exists for users.
  if (context.extensionMode !== vscode.ExtensionMode.Test) return api;
  const setClock = (date: Date | undefined) => {
    clock.fixed = date;
    showExpiry();
  };
  return Object.assign(api, { testing: testingHooks({ features, setClock, statusBar, expiry, context, activeProfile: active }) });
}

/** What names this window's workspace, which the user's pick of a connection is kept under: its workspace file, else its folders. */
function workspaceName(): string {
  const { workspaceFile, workspaceFolders } = vscode.workspace;
  return workspaceFile?.toString() ?? (workspaceFolders ?? []).map((folder) => folder.uri.toString()).join('\n');
}

/**
 * VS Code in a browser does not tell a window that another tab changed a secret, so there each
 * window looks again when it gains focus, and twice more in the next seconds: the other tab's
 * writes to the shared state are flushed lazily and can land just after the switch.
 */
function lookAgainOnFocus(lookAgain: () => void): vscode.Disposable {
  let later: NodeJS.Timeout[] = [];
  const cancel = () => later.forEach(clearTimeout);
  const focus = vscode.window.onDidChangeWindowState((state) => {
    if (!state.focused) return;
    lookAgain();
    cancel();
    later = [1000, 4000].map((delayMs) => setTimeout(lookAgain, delayMs));
  });
  return new vscode.Disposable(() => {
    cancel();
    focus.dispose();
  });
}
