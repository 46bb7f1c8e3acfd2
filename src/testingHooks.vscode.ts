import type * as vscode from 'vscode';
import type { ConnectForm } from './connection/connectInput';
import type { ConnectOutcome, ReplaceOutcome, ReplaceTokenForm } from './connection/connectionOutcomes';
import type { ConnectionProfile } from './connection/profile';
import type { ExpiryNotifier } from './connection/expiryNotifier.vscode';
import type { ConnectionStatusBar } from './connection/statusBar.vscode';
import type { Features } from './features';
import type { AgentEnvironmentResult } from './terminal/resolveAgentEnvironment';

/**
 * What extension-host tests reach, only in `ExtensionMode.Test`: the form's own code paths, and
 * what the workbench shows but a test cannot read.
 */
export interface TestingHooks {
  connect(form: ConnectForm): Promise<ConnectOutcome>;
  /** Disconnect (every connection, or the given ones) without the modal, which extension tests cannot click. */
  disconnect(credentialIds?: readonly string[]): Promise<void>;
  /** The connection this window uses. */
  activeProfile(): ConnectionProfile | undefined;
  /** This window's connection's, or the given one's (as New Agent Terminal for… opens it). */
  agentEnvironment(credentialId?: string): Promise<AgentEnvironmentResult>;
  /** The form's Replace Token path. */
  replaceToken(form: ReplaceTokenForm): Promise<ReplaceOutcome>;
  /** Fixes the clock at `date` (`undefined`: the real one again) and looks at the expiry date again. */
  setClock(date: Date | undefined): void;
  readonly statusBarItem: vscode.StatusBarItem;
  /** The expiry notifications shown so far. */
  readonly expiryNotices: readonly string[];
  readonly storage: { readonly secrets: vscode.SecretStorage; readonly globalState: vscode.Memento };
}

export function testingHooks(parts: {
  readonly features: () => Features;
  readonly setClock: (date: Date | undefined) => void;
  readonly statusBar: ConnectionStatusBar;
  readonly expiry: ExpiryNotifier;
  readonly context: vscode.ExtensionContext;
  readonly activeProfile: () => ConnectionProfile | undefined;
}): TestingHooks {
  const { features, context } = parts;
  return {
    connect: (form) => features().controller.connect(form),
    disconnect: (credentialIds) => features().service.disconnect(credentialIds ?? 'all'),
    activeProfile: parts.activeProfile,
    agentEnvironment: (credentialId) => features().agentEnvironment(credentialId),
    replaceToken: (form) => features().controller.replaceToken(form),
    setClock: parts.setClock,
    statusBarItem: parts.statusBar.item,
    expiryNotices: parts.expiry.shown,
    storage: { secrets: context.secrets, globalState: context.globalState },
  };
}
