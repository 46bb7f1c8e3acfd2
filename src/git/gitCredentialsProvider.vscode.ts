/**
 * Hands the stored connections to VS Code's built-in Git extension as a credentials provider: its
 * askpass asks providers before it prompts, for every git process in VS Code (Source Control,
 * Clone, any integrated terminal, the chat agent's, and an agent terminal whose helper stepped
 * aside for another connection's workspace). Each connection answers for its own git host (of
 * several on one host, by the repository's path: gitHostAnswer.ts). The token goes to git over
 * the Git extension's private socket, when git asks, and sits in no terminal's environment.
 */
import vscode = require('vscode');
import { settingKey, settingNames, settingsSection } from '../connection/settingNames';
import { answerGitRequest, type GitHostAnswer, type StoredConnections } from './gitHostAnswer';

/** What git gets for the host it asked about. */
export interface GitCredentials {
  readonly username: string;
  readonly password: string;
}

/** The few members of the Git extension's API (`extensions/git/src/api/git.d.ts`) used here. */
interface GitCredentialsProvider {
  getCredentials(host: vscode.Uri): Promise<GitCredentials | undefined>;
}
interface GitApi {
  registerCredentialsProvider(provider: GitCredentialsProvider): vscode.Disposable;
}
interface GitExtension {
  readonly enabled: boolean;
  getAPI(version: 1): GitApi;
}

export interface GitCredentialsDeps {
  readonly log: vscode.LogOutputChannel;
  /** Told whether VS Code's Git now asks us (the status bar's tooltip says so). */
  readonly registered: (registered: boolean) => void;
  /** The answer (`answerVsCodeGit`), from the bundle loaded on first use: nothing of it is needed before git asks. */
  readonly getCredentials: (host: vscode.Uri) => Promise<GitCredentials | undefined>;
}

/** Never awaited by activation: takes the Git extension's API once it is there. */
export function offerGitCredentials(deps: GitCredentialsDeps): vscode.Disposable {
  const { log } = deps;
  let registration: vscode.Disposable | undefined;
  let api: GitApi | undefined;
  const provider: GitCredentialsProvider = { getCredentials: (host) => deps.getCredentials(host) };

  const update = () => {
    // Machine-scoped; anything but `true` (a hand-edited string, say) counts as off.
    const wanted = api !== undefined && vscode.workspace.getConfiguration(settingsSection).get(settingKey(settingNames.gitAuthentication)) === true;
    if (wanted === (registration !== undefined)) return;
    registration?.dispose();
    registration = wanted ? api?.registerCredentialsProvider(provider) : undefined;
    log.info(wanted ? "VS Code's Git now asks the Bitbucket connection for its git host." : "VS Code's Git no longer asks the Bitbucket connection.");
    deps.registered(wanted);
  };
  const settingChanged = vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration(settingNames.gitAuthentication)) update();
  });
  void gitApi(log).then((found) => {
    api = found;
    update();
  });

  return new vscode.Disposable(() => {
    settingChanged.dispose();
    registration?.dispose();
  });
}

/** What VS Code's Git gets when it asks for `host`: the connection for it, chosen at that moment (gitHostAnswer.ts), or nothing. */
export async function answerVsCodeGit(host: vscode.Uri, stored: StoredConnections, log: vscode.LogOutputChannel): Promise<GitCredentials | undefined> {
  let result: GitHostAnswer;
  try {
    // The one trust check; the Git extension itself does not run in Restricted Mode either.
    result = await answerGitRequest(host, stored, vscode.workspace.isTrusted);
  } catch (error) {
    // SecretStorage without a keyring: git then asks the user, as without us.
    log.warn(`VS Code's Git asked, but the stored connection could not be read: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  if (!result.answered) {
    // About a pinned host; other hosts are none of our business, even in the log.
    const origin = `${host.scheme}://${host.authority}`;
    if (result.reason === 'untrusted') log.info(`VS Code's Git asked for the git host: not answered (${result.reason}).`);
    if (result.reason === 'changedElsewhere') log.info(`VS Code's Git asked for ${origin}: not answered, the secret of the connection for it is missing here (changedElsewhere), and no other connection's stands in.`);
    if (result.reason === 'headerOnly') log.info("VS Code's Git asked for the Data Center server: a project or repository token works only as a header, which VS Code's Git cannot send. Use an agent terminal, or a personal token.");
    return undefined;
  }
  log.info(`Answered VS Code's Git for ${result.host} at ${new Date().toISOString()} as ${result.username}.`);
  return { username: result.username, password: result.password };
}

/** The Git extension's API, or `undefined` (said once in the log) when it is missing, turned off or offers no version 1. */
async function gitApi(log: vscode.LogOutputChannel): Promise<GitApi | undefined> {
  const extension = vscode.extensions.getExtension<Partial<GitExtension>>('vscode.git');
  if (!extension) {
    log.info("VS Code's Git extension is missing or disabled: it cannot use the Bitbucket connection.");
    return undefined;
  }
  try {
    const exports = extension.isActive ? extension.exports : await extension.activate();
    if (typeof exports?.getAPI !== 'function') throw new Error('it offers no API');
    if (exports.enabled === false) {
      log.info("VS Code's Git is turned off (git.enabled): it cannot use the Bitbucket connection.");
      return undefined;
    }
    const api = exports.getAPI(1);
    if (typeof api?.registerCredentialsProvider !== 'function') throw new Error('its API version 1 has no credentials providers');
    return api;
  } catch (error) {
    log.info(`VS Code's Git cannot use the Bitbucket connection: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}
