// A plain require: `import * as` would make the bundle copy the whole API object as it loads.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
import vscode = require('vscode');
import type { BitbucketConnectionState, NoraBitbucketApi } from '../api/nora-bitbucket';
import { agentTerminalProfileId, authenticationProviderId, commandIds, mcpProviderId } from './commandIds';
import { parseConnectionProfile } from './connection/profile';
import type { SessionsChange } from './ui/authenticationProvider';
import { createStatusItem } from './ui/statusBarItem';
import { storageKeys } from './ui/storage';
import type { TestingHooks, WindowState } from './windowState';

/**
 * Wiring only, and as little as VS Code needs at activation, which every window pays: the status
 * bar with the stored name (read from the profile, validated), the commands and providers, which
 * hand their calls on, and the API. The status bar's details, the Accounts menu and the MCP offer
 * (windowState.ts) load just after activation; connect, test, the form and agent terminals
 * (features.ts) on first use.
 */
export function activate(context: vscode.ExtensionContext): NoraBitbucketApi {
  const started = Date.now();
  const stored = parseConnectionProfile(context.globalState.get<unknown>(storageKeys.profile));
  const statusItem = createStatusItem(vscode, stored?.displayName);
  // VS Code and the API's callers subscribe to these now; the window state fires them.
  const sessionsChanged = new vscode.EventEmitter<SessionsChange>();
  const mcpServersChanged = new vscode.EventEmitter<void>();
  const connectionChanged = new vscode.EventEmitter<BitbucketConnectionState>();

  let activatedInMs = 0;
  let loaded: WindowState | undefined;
  const windowState = (): WindowState => {
    if (loaded) return loaded;
    // A bundle of its own (see esbuild.mjs), so that activation does not pay for it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a run-time load, kept out of this bundle
    const { createWindowState } = require('./windowState.js') as typeof import('./windowState');
    loaded = createWindowState({ context, statusItem, sessionsChanged, mcpServersChanged, connectionChanged, activatedInMs });
    // Only now: what start() fires can come straight back here, through a provider.
    loaded.start();
    return loaded;
  };
  const justAfterActivation = setTimeout(windowState, 0);
  const mcpServers: vscode.McpServerDefinitionProvider<vscode.McpHttpServerDefinition> = {
    onDidChangeMcpServerDefinitions: mcpServersChanged.event,
    provideMcpServerDefinitions: (token) => windowState().mcpServers.provideMcpServerDefinitions(token),
    resolveMcpServerDefinition: (server, token) => windowState().mcpServers.resolveMcpServerDefinition?.(server, token),
  };

  context.subscriptions.push(
    statusItem,
    sessionsChanged,
    mcpServersChanged,
    connectionChanged,
    new vscode.Disposable(() => clearTimeout(justAfterActivation)),
    ...Object.entries(commandIds).map(([name, id]) =>
      vscode.commands.registerCommand(id, () => windowState().commands[name as keyof typeof commandIds]()),
    ),
    // In VS Code's Accounts menu: other extensions get the token only through it, after consent.
    vscode.authentication.registerAuthenticationProvider(authenticationProviderId, vscode.l10n.t('Bitbucket (Nora)'), {
      onDidChangeSessions: sessionsChanged.event,
      getSessions: (scopes) => windowState().authentication.getSessions(scopes),
      createSession: (scopes) => windowState().authentication.createSession(scopes),
      removeSession: () => windowState().authentication.removeSession(),
    }),
    vscode.lm.registerMcpServerDefinitionProvider(mcpProviderId, mcpServers),
    vscode.window.registerTerminalProfileProvider(agentTerminalProfileId, {
      provideTerminalProfile: (token) => windowState().features().terminalProfiles.provideTerminalProfile(token),
    }),
  );

  const api: NoraBitbucketApi = {
    isConnected: () => windowState().isConnected(),
    // The details, like the secret, only for a session the user allowed.
    getConnection: (session) => windowState().getConnection(session),
    // The secret goes only to a caller that already holds it, through a session the user allowed.
    getEnvironment: (session) => windowState().features().environmentForSession(session),
    onDidChangeConnection: connectionChanged.event,
  };
  activatedInMs = Date.now() - started;
  // Extension-host tests drive the form's own code path; nothing of this exists for users.
  if (context.extensionMode !== vscode.ExtensionMode.Test) return api;
  const testing: TestingHooks = windowState().testing;
  return Object.assign(api, { testing });
}
