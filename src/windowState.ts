// What keeps this window in step with the stored connection: the status bar's details, the
// Accounts menu, the MCP offer, expiry notifications and the git-remote note. extension.ts loads
// this module (its own bundle, dist/windowState.js) just after activation, and the rest
// (features.ts) on first use.
import * as vscode from 'vscode';
import type { BitbucketConnection, BitbucketConnectionState } from '../api/nora-bitbucket';
import type { ConnectForm } from './connection/connectInput';
import type { ConnectOutcome, ReplaceOutcome, ReplaceTokenForm } from './connection/connectionOutcomes';
import { pinnedOrigins } from './connection/origins';
import { connectionForSession } from './connection/session';
import { readConnectionStatus, readStoredCredentials } from './connection/storedConnection';
import type { Features } from './features';
import type { AgentEnvironmentResult } from './terminal/resolveAgentEnvironment';
import { BitbucketAuthenticationProvider, type SessionsChange } from './ui/authenticationProvider';
import { bitbucketMcp } from './ui/bitbucketMcp';
import { commandIds, settingsSection, walkthroughId } from './commandIds';
import { connectedContextKey } from './ui/contextKeys';
import { ExpiryNotifier, onNewDay } from './ui/expiryNotifier';
import { readRemoteWorkspaces } from './ui/gitRemotes';
import { ConnectionStatusBar, storedState } from './ui/statusBar';
import { onDidChangeSecret, profileStore, secretStore } from './ui/storage';

/** What activation created and VS Code (or the API's callers) already hold. */
export interface ActivationParts {
  readonly context: vscode.ExtensionContext;
  /** Shown by activation with the stored name; the status bar takes it over. */
  readonly statusItem: vscode.StatusBarItem;
  readonly sessionsChanged: vscode.EventEmitter<SessionsChange>;
  readonly mcpServersChanged: vscode.EventEmitter<void>;
  readonly connectionChanged: vscode.EventEmitter<BitbucketConnectionState>;
  readonly activatedInMs: number;
}

/** What activation's commands, providers and API hand their calls to. */
export interface WindowState {
  /**
   * The first look at what is stored. Apart from creating the window state, because it fires
   * events that VS Code may answer at once by calling a provider, which needs the window state.
   */
  start(): void;
  readonly commands: { readonly [name in keyof typeof commandIds]: () => unknown };
  readonly authentication: BitbucketAuthenticationProvider;
  readonly mcpServers: vscode.McpServerDefinitionProvider<vscode.McpHttpServerDefinition>;
  features(): Features;
  isConnected(): boolean;
  getConnection(session: { readonly id?: unknown; readonly accessToken?: unknown } | undefined): Promise<BitbucketConnection | undefined>;
  /** Only handed out in `ExtensionMode.Test`. */
  readonly testing: TestingHooks;
}

export function createWindowState(parts: ActivationParts): WindowState {
  const started = Date.now();
  const { context, connectionChanged } = parts;
  const log = vscode.window.createOutputChannel('Nora Bitbucket', { log: true });
  log.info(`Activated in ${parts.activatedInMs} ms.`);
  const profiles = profileStore(context.globalState, log);
  const secrets = secretStore(context.secrets);
  // The one clock for expiry dates; extension-host tests move it (see TestingHooks).
  let testClock: Date | undefined;
  const now = () => testClock ?? new Date();
  const statusBar = new ConnectionStatusBar(vscode, now, parts.statusItem);
  const expiry = new ExpiryNotifier(vscode, context.globalState, now, () => vscode.commands.executeCommand(commandIds.replaceToken));
  const lookAtExpiry = () => {
    statusBar.showAgain();
    expiry.check(profiles.get());
  };

  const readCredentials = () => readStoredCredentials(profiles, secrets);
  /** Any change this window makes or notices to what is stored; the public event below only when the profile changed. */
  const storedConnectionChanged = new vscode.EventEmitter<void>();
  let lastAnnounced = JSON.stringify(profiles.get());
  const updateConnectedKey = connectedContextKey(async () => (await readCredentials()).state === 'connected');
  const mcp = bitbucketMcp({
    profiles,
    readCredentials,
    log,
    statusBar,
    extensionId: context.extension.id,
    serversChanged: parts.mcpServersChanged,
    start: (deps) => features().startMcpServer(deps),
  });
  /**
   * The tooltip says when the open folder's remote is in another workspace. Remotes are read again
   * only when the folders, the workspace or the git host change: not on every focus, which also
   * lands here.
   */
  let remotesReadFor: string | undefined;
  let remoteReads = 0;
  const showRemoteWorkspaces = (foldersChanged = false) => {
    const profile = profiles.get();
    const readFor = profile?.workspace && `${profile.workspace} ${pinnedOrigins(profile).git}`;
    if (!foldersChanged && readFor === remotesReadFor) return;
    remotesReadFor = readFor;
    const read = ++remoteReads;
    if (!profile?.workspace) return statusBar.showRemoteWorkspaces([]);
    // A slow read that a newer one overtook must not overwrite it.
    void readRemoteWorkspaces(pinnedOrigins(profile).git, 5000).then((slugs) => read === remoteReads && statusBar.showRemoteWorkspaces(slugs));
  };
  /** After any change this window makes or notices: tell the MCP provider and the API's listeners. */
  const announce = () => {
    storedConnectionChanged.fire();
    updateConnectedKey();
    mcp.update();
    expiry.check(profiles.get());
    showRemoteWorkspaces();
    const profile = profiles.get();
    if (JSON.stringify(profile) === lastAnnounced) return;
    lastAnnounced = JSON.stringify(profile);
    connectionChanged.fire({ connected: profile !== undefined });
  };

  let loaded: Features | undefined;
  const features = (): Features => {
    if (loaded) return loaded;
    const loading = Date.now();
    // A bundle of its own (see esbuild.mjs), so that no window pays for it before it is needed.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a run-time load, kept out of this bundle
    loaded = (require('./features.js') as typeof import('./features')).startFeatures({
      context,
      log,
      profiles,
      secrets,
      statusBar,
      now,
      connectionChanged: announce,
    });
    log.info(`Loaded connect, test and agent terminals on first use in ${Date.now() - loading} ms.`);
    return loaded;
  };
  const refresh = async (): Promise<void> => {
    if (loaded) return loaded.refresh();
    statusBar.show(storedState(await readConnectionStatus(profiles, secrets)));
  };
  const lookAgain = (): void => {
    if (loaded) return loaded.lookAgain();
    void refresh();
    announce();
  };

  // In VS Code's Accounts menu: other extensions get the token only through it, after consent.
  const authentication = new BitbucketAuthenticationProvider(
    { credentials: readCredentials, onDidChange: storedConnectionChanged.event },
    {
      show: (notice) => features().openForm(notice),
      onDidClose: (listener) => features().onFormClosed(listener),
    },
    // VS Code's own confirmation has asked already: a second question could only contradict it.
    () => features().disconnectWithoutAsking(),
    parts.sessionsChanged,
  );

  context.subscriptions.push(
    log,
    storedConnectionChanged,
    authentication,
    onDidChangeSecret(context.secrets, lookAgain),
    lookAgainOnFocus(lookAgain),
    ...mcp.disposables,
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(settingsSection)) features().checkSettings();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => showRemoteWorkspaces(true)),
    onNewDay(lookAtExpiry),
  );

  return {
    start: () => {
      void refresh();
      mcp.update();
      showRemoteWorkspaces(true);
      expiry.check(profiles.get());
      updateConnectedKey();
      log.info(`Loaded the status bar, accounts and MCP offer just after activation in ${Date.now() - started} ms.`);
    },
    commands: {
      connect: () => features().openForm(),
      test: () => features().test(true),
      replaceToken: () => features().openReplaceForm(),
      disconnect: () => features().disconnect(),
      showLog: () => log.show(),
      newAgentTerminal: () => features().openAgentTerminal(),
      startMcpServer: () => mcp.start(),
      getStarted: () => vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#${walkthroughId}`, false),
    },
    authentication,
    mcpServers: mcp.provider,
    features,
    isConnected: () => profiles.get() !== undefined,
    getConnection: async (session) => connectionForSession(session, await readCredentials()),
    testing: {
      connect: (form) => features().connect(form),
      disconnect: () => features().disconnectWithoutAsking(),
      agentEnvironment: () => features().agentEnvironment(),
      replaceToken: (form) => features().replaceToken(form),
      setClock: (date) => {
        testClock = date;
        lookAtExpiry();
      },
      statusBarItem: statusBar.item,
      expiryNotices: expiry.shown,
      storage: { secrets: context.secrets, globalState: context.globalState },
    },
  };
}

/**
 * Not every host tells a window that another one changed a secret (VS Code in a browser does not),
 * so look again when the window gains focus, and twice more in the next seconds: the other
 * window's writes to the shared state are flushed lazily and can land just after the switch.
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

/** Only in `ExtensionMode.Test`. */
export interface TestingHooks {
  connect(form: ConnectForm): Promise<ConnectOutcome>;
  disconnect(): Promise<void>;
  agentEnvironment(): Promise<AgentEnvironmentResult>;
  /** The form's Replace Token path. */
  replaceToken(form: ReplaceTokenForm): Promise<ReplaceOutcome>;
  /** Fixes the clock at `date` (`undefined`: the real one again) and looks at the expiry date again. */
  setClock(date: Date | undefined): void;
  readonly statusBarItem: vscode.StatusBarItem;
  /** The expiry notifications shown so far: tests cannot see the workbench's. */
  readonly expiryNotices: readonly string[];
  storage: { secrets: vscode.SecretStorage; globalState: vscode.Memento };
}
