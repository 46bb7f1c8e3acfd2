/**
 * The agent tools over the real client against the loopback fake Bitbucket: a stored connection
 * (profile and secret as the extension keeps them), settings pinned to the fake, and the open
 * folder's remotes as a test says.
 */
import { BitbucketClient } from '../../src/bitbucket/client';
import type { ConnectionProfile } from '../../src/connection/profile';
import type { StoredCredentials } from '../../src/connection/storedConnection';
import type { ToolDeps } from '../../src/tools/toolContext';
import { prepareTool, runTool, type ToolAnswer } from '../../src/tools/toolRunner';
import { fillPlaceholders, type UserMessage } from '../../src/userMessage';
import { DEMO_API_TOKEN, demoAccount, startFakeBitbucket, type FakeBitbucket, type StartOptions } from '../fakes/fakeBitbucket';

export const gitOrigin = 'https://bitbucket.org';

export interface ToolHarness {
  readonly fake: FakeBitbucket;
  /**
   * The one stored connection, this window's. Change to play another state: disconnected, another
   * window's connection, settings elsewhere, ...
   */
  stored: StoredCredentials | (() => Promise<StoredCredentials>);
  /** Several connections instead (connectionsHarness below): when set, `stored` is not used. */
  several: { readonly list: ConnectionProfile[]; active: ConnectionProfile | undefined; readonly secrets: Map<string, string>; readonly reads: string[] } | undefined;
  apiBaseUrl: string;
  timeoutMs: number;
  remotes: string[];
  trusted: boolean;
  readonly deps: ToolDeps;
  run(tool: string, input: unknown): Promise<ToolAnswer>;
  /**
   * The result's text, or the problem's sentence (filled, untranslated), without the account line
   * above it; `operation`: the call's controller, as the invoker passes it, to cancel the call.
   */
  text(tool: string, input: unknown, operation?: AbortController): Promise<string>;
  /** All the model reads: the account line first, once a connection was chosen. */
  fullText(tool: string, input: unknown): Promise<string>;
  prepare: (tool: string, input: unknown) => ReturnType<typeof prepareTool>;
  close(): Promise<void>;
}

export function connectedProfile(apiBaseUrl: string, extra: Partial<ConnectionProfile> = {}): ConnectionProfile {
  return {
    version: 1,
    credentialId: 'credential-tools',
    credentialType: 'apiToken',
    email: 'dev@example.com',
    username: 'nora-dev',
    workspace: 'acme-eng',
    displayName: 'Nora Developer',
    lastTestedAt: '2026-12-01T10:00:00.000Z',
    apiOrigin: new URL(apiBaseUrl).origin,
    gitOrigin,
    ...extra,
  };
}

export const rendered = (message: UserMessage): string => fillPlaceholders(message.text, ...message.args);
/** As the model reads it: the account line first, once a connection was chosen. */
export const outcomeText = (outcome: ToolAnswer): string => (outcome.ok ? outcome.text : 'account' in outcome ? `${outcome.account}\n${rendered(outcome.problem)}` : rendered(outcome.problem));

const withoutAccountLine = (text: string): string => text.replace(/^Bitbucket account: .*\n/, '');

/** The one stored connection's profile as a list: a function-valued `stored` stands for a read that decides later, so it lists the default profile. */
function storedProfile(stored: ToolHarness['stored']): ConnectionProfile[] {
  if (typeof stored === 'function') return [connectedProfile('https://api.bitbucket.org')];
  return stored.state === 'disconnected' ? [] : [stored.profile];
}

/** As readStoredCredentials does: the connection's own secret, or none. */
async function readSeveral(several: NonNullable<ToolHarness['several']>, credentialId: string): Promise<StoredCredentials> {
  several.reads.push(credentialId);
  const profile = several.list.find((known) => known.credentialId === credentialId);
  if (!profile) return { state: 'disconnected' };
  const secret = several.secrets.get(credentialId);
  return secret === undefined ? { state: 'changedElsewhere', profile } : { state: 'connected', profile, secret };
}

export async function startToolHarness(options: StartOptions = {}): Promise<ToolHarness> {
  const fake = await startFakeBitbucket({ accounts: [demoAccount()], ...options });
  const harness: ToolHarness = {
    fake,
    stored: { state: 'connected', profile: connectedProfile(fake.apiBaseUrl), secret: DEMO_API_TOKEN },
    apiBaseUrl: fake.apiBaseUrl,
    timeoutMs: 5000,
    remotes: ['git@bitbucket.org:acme-eng/widgets.git'],
    trusted: true,
    several: undefined,
    deps: {
      listConnections: () => (harness.several ? harness.several.list : storedProfile(harness.stored)),
      activeConnection: () => (harness.several ? harness.several.active : storedProfile(harness.stored)[0]),
      readCredentials: (credentialId) => (harness.several ? readSeveral(harness.several, credentialId) : typeof harness.stored === 'function' ? harness.stored() : Promise.resolve(harness.stored)),
      createClient: () => ({
        ok: true,
        client: new BitbucketClient({ apiBaseUrl: harness.apiBaseUrl, timeoutMs: harness.timeoutMs, userAgent: 'tool-tests' }),
        origins: { api: new URL(harness.apiBaseUrl).origin, git: gitOrigin },
      }),
      readRemoteUrls: () => Promise.resolve(harness.remotes),
      isTrusted: () => harness.trusted,
    },
    run: (tool, input) => runTool(tool, input, harness.deps),
    text: async (tool, input, operation) => withoutAccountLine(outcomeText(await runTool(tool, input, harness.deps, operation))),
    fullText: async (tool, input) => outcomeText(await runTool(tool, input, harness.deps)),
    prepare: (tool, input) => prepareTool(tool, input, harness.deps),
    close: () => fake.close(),
  };
  return harness;
}
