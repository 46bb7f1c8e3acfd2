/**
 * Runs a tool by name: checks the input (a sentence for bad input, never a throw), and for the
 * write tools says what VS Code asks the user to confirm before anything is sent.
 *
 * Pure: no `vscode` import.
 */
import { neutraliseServerText } from '../bitbucket/serverText';
import { userMessage, type UserMessage } from '../userMessage';
import { getPipelineFailure, listPipelines } from './pipelineTools';
import { commentOnPullRequest, createPullRequest, getPullRequest, listPullRequests, name } from './pullRequestTools';
import { listRepositories } from './repositoryTools';
import { problem, resolveRepository, type ToolDeps, type ToolOutcome } from './toolContext';
import { accountLine, accountText, chooseToolAccount, type AccountRequest } from './toolAccount';
import { toolInputs, type RepositoryInput, type ToolInput, type ToolName } from './toolInputs';
import type { ConnectionProfile } from '../connection/profile';

const tools: { readonly [N in ToolName]: (deps: ToolDeps, input: ToolInput<N>) => Promise<ToolOutcome> } = {
  bitbucket_list_repositories: listRepositories,
  bitbucket_list_pull_requests: listPullRequests,
  bitbucket_get_pull_request: getPullRequest,
  bitbucket_create_pull_request: createPullRequest,
  bitbucket_comment_on_pull_request: commentOnPullRequest,
  bitbucket_list_pipelines: listPipelines,
  bitbucket_get_pipeline_failure: getPipelineFailure,
};

const isToolName = (name: string): name is ToolName => Object.hasOwn(toolInputs, name);

type Parsed<N extends ToolName> = { ok: true; input: ToolInput<N> } | { ok: false; problem: UserMessage };

function parseInput<N extends ToolName>(tool: N, input: unknown): Parsed<N> {
  const parsed = toolInputs[tool].safeParse(input ?? {});
  if (parsed.success) return { ok: true, input: parsed.data as ToolInput<N> };
  const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(input)'))];
  return { ok: false, problem: userMessage('The input of {0} is not valid: check {1}.', tool, neutraliseServerText(fields.join(', '))) };
}

/**
 * A tool's outcome; once a connection was chosen, it is named on the first line of the text, or,
 * beside a problem, in `account` (a problem's sentence is translated, the line is not).
 */
export type ToolAnswer = ToolOutcome | { readonly ok: false; readonly problem: UserMessage; readonly account: string };

/** `operation`: the call's requests share it; the invoker aborts it when VS Code cancels the call. */
export async function runTool(tool: string, input: unknown, deps: ToolDeps, operation = new AbortController()): Promise<ToolAnswer> {
  if (!isToolName(tool)) return problem(userMessage('There is no Bitbucket tool named {0}.', neutraliseServerText(tool)));
  const parsed = parseInput(tool, input);
  if (!parsed.ok) return parsed;
  let used: ConnectionProfile | undefined;
  let outcome: ToolOutcome;
  try {
    outcome = await (tools[tool] as (deps: ToolDeps, input: unknown) => Promise<ToolOutcome>)({ ...deps, chose: (profile) => void (used = profile), operation }, parsed.input);
  } catch (error) {
    // A fault of ours, not Bitbucket's: still a sentence, never a throw.
    const said = error instanceof Error ? neutraliseServerText(error.message) : '?';
    outcome = problem(userMessage('The Bitbucket tool {0} failed unexpectedly ({1}). Nothing else was attempted.', tool, said));
  }
  if (used === undefined) return outcome;
  return outcome.ok ? { ok: true, text: `${accountLine(used)}\n${outcome.text}` } : { ...outcome, account: accountLine(used) };
}

export interface Preparation {
  /** Shown while the tool runs. */
  readonly invocationMessage: UserMessage;
  /** For the write tools: what VS Code asks the user to allow. */
  readonly confirmation?: { readonly title: UserMessage; readonly message: UserMessage };
}

/**
 * What the user is asked before a write tool runs. It names the repository (as invoke will
 * resolve it), the branches and title, or the comment's whole text. When the input or the target
 * is not clear, there is nothing to confirm: invoke then answers with the problem and sends nothing.
 */
export async function prepareTool(tool: string, input: unknown, deps: ToolDeps): Promise<Preparation> {
  if (!isToolName(tool)) return { invocationMessage: userMessage('Running a Bitbucket tool') };
  const parsed = parseInput(tool, input);
  if (tool === 'bitbucket_create_pull_request' || tool === 'bitbucket_comment_on_pull_request') {
    const target = parsed.ok ? await targetOf(deps, parsed.input) : undefined;
    if (!parsed.ok || target === undefined) return { invocationMessage: userMessage('Checking the Bitbucket request') };
    return tool === 'bitbucket_create_pull_request'
      ? createConfirmation(parsed.input as ToolInput<'bitbucket_create_pull_request'>, target)
      : commentConfirmation(parsed.input as ToolInput<'bitbucket_comment_on_pull_request'>, target);
  }
  return { invocationMessage: readingMessages[tool] };
}

const readingMessages: Record<string, UserMessage> = {
  bitbucket_list_repositories: userMessage('Listing Bitbucket repositories'),
  bitbucket_list_pull_requests: userMessage('Listing Bitbucket pull requests'),
  bitbucket_get_pull_request: userMessage('Reading a Bitbucket pull request'),
  bitbucket_list_pipelines: userMessage('Listing Bitbucket pipeline runs'),
  bitbucket_get_pipeline_failure: userMessage('Reading why a Bitbucket pipeline failed'),
};

interface Target {
  /** `workspace/repository`. */
  readonly repository: string;
  /** Whose credentials the call will use, as the result's first line names it. */
  readonly account: string;
}

/** The connection and `workspace/repository` as invoke will choose them; no network, no secret. */
async function targetOf(deps: ToolDeps, input: RepositoryInput & AccountRequest): Promise<Target | undefined> {
  if (!deps.isTrusted()) return undefined;
  const chosen = await chooseToolAccount(deps.listConnections(), deps.activeConnection(), input, deps.readRemoteUrls);
  if (!chosen.ok) return undefined;
  const target = await resolveRepository(deps, chosen.profile, input);
  return target.ok ? { repository: name(target.ref), account: accountText(chosen.profile) } : undefined;
}

function createConfirmation(input: ToolInput<'bitbucket_create_pull_request'>, { repository, account }: Target): Preparation {
  const destination = input.destination_branch ?? userMessage("the repository's main branch");
  const parts: UserMessage[] = [
    userMessage('Create a pull request in {0} from branch {1} into {2}, titled "{3}".', repository, input.source_branch, destination, input.title),
    userMessage('Bitbucket account: {0}', account),
  ];
  if (input.draft) parts.push(userMessage('It will be a draft.'));
  if (input.close_source_branch) parts.push(userMessage('The source branch will be closed when it is merged.'));
  parts.push(input.description ? userMessage('Description:\n{0}', input.description) : userMessage('No description.'));
  return {
    invocationMessage: userMessage('Creating a pull request in {0}', repository),
    confirmation: { title: userMessage('Create a Bitbucket pull request?'), message: joined(parts) },
  };
}

function commentConfirmation(input: ToolInput<'bitbucket_comment_on_pull_request'>, { repository, account }: Target): Preparation {
  return {
    invocationMessage: userMessage('Commenting on pull request #{0} in {1}', input.id, repository),
    confirmation: {
      title: userMessage('Comment on a Bitbucket pull request?'),
      message: userMessage('Post this comment on pull request #{0} in {1} with the Bitbucket account {2}:\n\n{3}', input.id, repository, account, input.content),
    },
  };
}

/** Sentences one after another, each translated on its own. */
const joined = (parts: readonly UserMessage[]): UserMessage => ({ text: parts.map((_, index) => `{${index}}`).join('\n\n'), args: parts });
