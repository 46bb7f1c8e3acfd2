import * as vscode from 'vscode';
import type { BitbucketConnection, NoraBitbucketApi } from '../api/nora-bitbucket';
import type { ConnectForm } from './connection/connectInput';
import type { ConnectOutcome, ReplaceOutcome, ReplaceTokenForm } from './connection/connectionOutcomes';
import { authenticationProviderId, publicConnection } from './connection/session';
import { readConnectionStatus, readStoredCredentials } from './connection/storedConnection';
import type { Features } from './features';
import type { AgentEnvironmentResult } from './terminal/resolveAgentEnvironment';
import { BitbucketAuthenticationProvider } from './ui/authenticationProvider';
import { agentTerminalProfileId, commandIds, settingsSection, walkthroughId } from './commandIds';
import { pinnedOrigins } from './connection/origins';
import { connectedContextKey } from './ui/contextKeys';
import { ExpiryNotifier, onNewDay } from './ui/expiryNotifier';
import { readRemoteWorkspaces } from './ui/gitRemotes';
import { registerBitbucketMcp } from './ui/mcpRegistration';
import { ConnectionStatusBar, statusBarStateFor } from './ui/statusBar';
import { onDidChangeSecret, profileStore, secretStore } from './ui/storage';

/**
 * Wiring only. Activation reads local storage, makes no network call, and loads no library: the
 * status bar, the providers VS Code may call at any time, and the expiry and git-remote notes a
 * second later. The rest (features.ts) is loaded on first use.
 */
export function activate(context: vscode.ExtensionContext): NoraBitbucketApi {
  const started = Date.now();
  const log = vscode.window.createOutputChannel('Nora Bitbucket', { log: true });
  const profiles = profileStore(context.globalState, log);
  const secrets = secretStore(context.secrets);
  // The one clock for expiry dates; extension-host tests move it (see TestingHooks).
  let testClock: Date | undefined;
  const now = () => testClock ?? new Date();
  const statusBar = new ConnectionStatusBar(vscode, now);
  const expiry = new ExpiryNotifier(vscode, context.globalState, now, () => vscode.commands.executeCommand(commandIds.replaceToken));
  const lookAtExpiry = () => {
    statusBar.showAgain();
    expiry.check(profiles.get());
  };

  const readCredentials = () => readStoredCredentials(profiles, secrets);
  /** Any change this window makes or notices to what is stored; the public event below only when the profile changed. */
  const storedConnectionChanged = new vscode.EventEmitter<void>();
  const connectionChanged = new vscode.EventEmitter<BitbucketConnection | undefined>();
  let lastAnnounced = JSON.stringify(profiles.get());
  const updateConnectedKey = connectedContextKey(async () => (await readCredentials()).state === 'connected');
  const mcp = registerBitbucketMcp({
    profiles,
    readCredentials,
    log,
    statusBar,
    extensionId: context.extension.id,
    start: (deps) => features().startMcpServer(deps),
  });
  /**
   * The tooltip says when the open folder's remote is in another workspace. Remotes are read after
   * activation, never during it, and again only when the folders, the workspace or the git host
   * change: not on every focus, which also lands here.
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
    connectionChanged.fire(profile && publicConnection(profile));
  };

  let loaded: Features | undefined;
  const features = (): Features => {
    if (loaded) return loaded;
    const loading = Date.now();
    // A bundle of its own (see esbuild.mjs), so that activation does not pay for it.
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
    statusBar.show(statusBarStateFor(await readConnectionStatus(profiles, secrets), undefined));
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
      show: () => features().openForm(),
      onDidClose: (listener) => features().onFormClosed(listener),
    },
    () => features().disconnect(),
  );

  context.subscriptions.push(
    log,
    statusBar,
    storedConnectionChanged,
    connectionChanged,
    authentication,
    vscode.authentication.registerAuthenticationProvider(authenticationProviderId, vscode.l10n.t('Bitbucket (Nora)'), authentication),
    onDidChangeSecret(context.secrets, lookAgain),
    lookAgainOnFocus(lookAgain),
    vscode.commands.registerCommand(commandIds.connect, () => features().openForm()),
    vscode.commands.registerCommand(commandIds.test, () => features().test(true)),
    vscode.commands.registerCommand(commandIds.replaceToken, () => features().openReplaceForm()),
    vscode.commands.registerCommand(commandIds.disconnect, () => features().disconnect()),
    vscode.commands.registerCommand(commandIds.showLog, () => log.show()),
    vscode.commands.registerCommand(commandIds.getStarted, () =>
      vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#${walkthroughId}`, false),
    ),
    vscode.commands.registerCommand(commandIds.newAgentTerminal, () => features().openAgentTerminal()),
    vscode.window.registerTerminalProfileProvider(agentTerminalProfileId, {
      provideTerminalProfile: (token) => features().terminalProfiles.provideTerminalProfile(token),
    }),
    ...mcp.disposables,
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(settingsSection)) features().checkSettings();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => showRemoteWorkspaces(true)),
    // Nothing here is needed in the first second: the remotes, an expiry notification that may
    // be due, the walkthrough's context key and the midnight timer.
    afterActivation(() => {
      showRemoteWorkspaces(true);
      expiry.check(profiles.get());
      updateConnectedKey();
      context.subscriptions.push(onNewDay(lookAtExpiry));
    }),
  );
  void refresh();
  log.info(`Activated in ${Date.now() - started} ms.`);

  const api: NoraBitbucketApi = {
    getConnection: () => {
      const profile = profiles.get();
      return profile && publicConnection(profile);
    },
    // The secret goes only to a caller that already holds it, through a session the user allowed.
    getEnvironment: (session) => features().environmentForSession(session),
    onDidChangeConnection: connectionChanged.event,
  };
  // Extension-host tests drive the form's own code path; nothing of this exists for users.
  if (context.extensionMode !== vscode.ExtensionMode.Test) return api;
  const testing: TestingHooks = {
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
  };
  return Object.assign(api, { testing });
}

/** Runs `work` once activation is over, so it never delays it. */
function afterActivation(work: () => void): vscode.Disposable {
  const timer = setTimeout(work, 1000);
  timer.unref?.(); // nothing waits for it
  return new vscode.Disposable(() => clearTimeout(timer));
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
