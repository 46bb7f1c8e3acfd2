/**
 * The agent tools over the real client against the loopback fake Bitbucket: a stored connection
 * (profile and secret as the extension keeps them), settings pinned to the fake, and the open
 * folder's remotes as a test says.
 */
import { BitbucketClient } from '../../src/bitbucket/client';
import type { ConnectionProfile } from '../../src/connection/profile';
import type { StoredCredentials } from '../../src/connection/storedConnection';
import type { ToolDeps, ToolOutcome } from '../../src/tools/toolContext';
import { prepareTool, runTool } from '../../src/tools/toolRunner';
import { fillPlaceholders, type UserMessage } from '../../src/userMessage';
import { DEMO_API_TOKEN, demoAccount, startFakeBitbucket, type FakeBitbucket, type StartOptions } from '../fakes/fakeBitbucket';

export const gitOrigin = 'https://bitbucket.org';

export interface ToolHarness {
  readonly fake: FakeBitbucket;
  /** Change to play another state: disconnected, another window's connection, settings elsewhere, ... */
  stored: StoredCredentials | (() => Promise<StoredCredentials>);
  apiBaseUrl: string;
  timeoutMs: number;
  remotes: string[];
  trusted: boolean;
  readonly deps: ToolDeps;
  run(tool: string, input: unknown): Promise<ToolOutcome>;
  /** The result's text, or the problem's sentence (filled, untranslated). */
  text(tool: string, input: unknown): Promise<string>;
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
export const outcomeText = (outcome: ToolOutcome): string => (outcome.ok ? outcome.text : rendered(outcome.problem));

export async function startToolHarness(options: StartOptions = {}): Promise<ToolHarness> {
  const fake = await startFakeBitbucket({ accounts: [demoAccount()], ...options });
  const harness: ToolHarness = {
    fake,
    stored: { state: 'connected', profile: connectedProfile(fake.apiBaseUrl), secret: DEMO_API_TOKEN },
    apiBaseUrl: fake.apiBaseUrl,
    timeoutMs: 5000,
    remotes: ['git@bitbucket.org:acme-eng/widgets.git'],
    trusted: true,
    deps: {
      readCredentials: () => (typeof harness.stored === 'function' ? harness.stored() : Promise.resolve(harness.stored)),
      createClient: () => ({
        ok: true,
        client: new BitbucketClient({ apiBaseUrl: harness.apiBaseUrl, timeoutMs: harness.timeoutMs, userAgent: 'tool-tests' }),
        origins: { api: new URL(harness.apiBaseUrl).origin, git: gitOrigin },
      }),
      readRemoteUrls: () => Promise.resolve(harness.remotes),
      isTrusted: () => harness.trusted,
    },
    run: (tool, input) => runTool(tool, input, harness.deps),
    text: async (tool, input) => outcomeText(await runTool(tool, input, harness.deps)),
    prepare: (tool, input) => prepareTool(tool, input, harness.deps),
    close: () => fake.close(),
  };
  return harness;
}
