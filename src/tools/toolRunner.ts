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
import { toolInputs, type ToolInput, type ToolName } from './toolInputs';

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

export async function runTool(tool: string, input: unknown, deps: ToolDeps): Promise<ToolOutcome> {
  if (!isToolName(tool)) return problem(userMessage('There is no Bitbucket tool named {0}.', neutraliseServerText(tool)));
  const parsed = parseInput(tool, input);
  if (!parsed.ok) return parsed;
  try {
    return await (tools[tool] as (deps: ToolDeps, input: unknown) => Promise<ToolOutcome>)(deps, parsed.input);
  } catch (error) {
    // A fault of ours, not Bitbucket's: still a sentence, never a throw.
    const said = error instanceof Error ? neutraliseServerText(error.message) : '?';
    return problem(userMessage('The Bitbucket tool {0} failed unexpectedly ({1}). Nothing else was attempted.', tool, said));
  }
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

/** `workspace/repository` as invoke will resolve it; no network. */
async function targetOf(deps: ToolDeps, input: { workspace?: string | undefined; repository?: string | undefined }): Promise<string | undefined> {
  if (!deps.isTrusted()) return undefined;
  const stored = await deps.readCredentials().catch(() => undefined);
  if (stored?.state !== 'connected') return undefined;
  const target = await resolveRepository(deps, stored.profile, input);
  return target.ok ? name(target.ref) : undefined;
}

function createConfirmation(input: ToolInput<'bitbucket_create_pull_request'>, repository: string): Preparation {
  const destination = input.destination_branch ?? userMessage("the repository's main branch");
  const parts: UserMessage[] = [
    userMessage('Create a pull request in {0} from branch {1} into {2}, titled "{3}".', repository, input.source_branch, destination, input.title),
  ];
  if (input.draft) parts.push(userMessage('It will be a draft.'));
  if (input.close_source_branch) parts.push(userMessage('The source branch will be closed when it is merged.'));
  parts.push(input.description ? userMessage('Description:\n{0}', input.description) : userMessage('No description.'));
  return {
    invocationMessage: userMessage('Creating a pull request in {0}', repository),
    confirmation: { title: userMessage('Create a Bitbucket pull request?'), message: joined(parts) },
  };
}

function commentConfirmation(input: ToolInput<'bitbucket_comment_on_pull_request'>, repository: string): Preparation {
  return {
    invocationMessage: userMessage('Commenting on pull request #{0} in {1}', input.id, repository),
    confirmation: {
      title: userMessage('Comment on a Bitbucket pull request?'),
      message: userMessage('Post this comment on pull request #{0} in {1}:\n\n{2}', input.id, repository, input.content),
    },
  };
}

/** Sentences one after another, each translated on its own. */
const joined = (parts: readonly UserMessage[]): UserMessage => ({ text: parts.map((_, index) => `{${index}}`).join('\n\n'), args: parts });
