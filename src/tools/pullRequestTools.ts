/**
 * The pull request tools: list, get (with the files changed), create and comment.
 *
 * Pure: no `vscode` import.
 */
import type { PullRequestSummary } from '../bitbucket/repositorySchemas';
import type { RepositoryRef } from '../bitbucket/repositoryApi';
import { userMessage } from '../userMessage';
import { connectToRepository, failed, type ToolDeps, type ToolOutcome } from './toolContext';
import type { ToolInput } from './toolInputs';
import { leftOutLine, lines, quote, quoteBlock, quotedDataNote, webLink } from './toolText';

/** A description is shown up to this many lines. */
const maxDescriptionLines = 40;

export async function listPullRequests(deps: ToolDeps, input: ToolInput<'bitbucket_list_pull_requests'>): Promise<ToolOutcome> {
  const target = await connectToRepository(deps, 'readPullRequest', input);
  if (!target.ok) return target;
  const state = input.state ?? 'OPEN';
  try {
    const list = await target.connected.api.listPullRequests(target.ref, state);
    const header = `${list.items.length === 0 ? 'No' : list.items.length} ${state} pull request${list.items.length === 1 ? '' : 's'} in ${name(target.ref)}.`;
    return ok(header, quotedDataNote, ...list.items.map(summaryLine), leftOutLine(list, 'pull requests'));
  } catch (error) {
    return failed(error, userMessage('repository {0}', name(target.ref)), false);
  }
}

export async function getPullRequest(deps: ToolDeps, input: ToolInput<'bitbucket_get_pull_request'>): Promise<ToolOutcome> {
  const target = await connectToRepository(deps, 'readPullRequest', input);
  if (!target.ok) return target;
  const { api } = target.connected;
  try {
    const [pr, files] = await Promise.all([api.getPullRequest(target.ref, input.id), api.diffstat(target.ref, input.id)]);
    const reviewers = (pr.participants ?? []).filter((p) => p.role === 'REVIEWER' || p.approved);
    const description = pr.summary?.raw ?? '';
    return ok(
      `Pull request #${pr.id} in ${name(target.ref)}.`,
      quotedDataNote,
      `Title: ${quote(pr.title)}`,
      `State: ${pr.state ?? '?'}${pr.draft ? ' (draft)' : ''}`,
      `Author: ${quote(pr.author?.display_name ?? pr.author?.nickname)}`,
      `Branches: ${quote(pr.source?.branch?.name)} into ${quote(pr.destination?.branch?.name)}`,
      `Reviewers: ${reviewers.length === 0 ? '(none)' : reviewers.map((r) => `${quote(r.user?.display_name)} ${r.approved ? 'approved' : r.state === 'changes_requested' ? 'requested changes' : 'has not approved'}`).join('; ')}`,
      `Comments: ${pr.comment_count ?? '?'}; open tasks: ${pr.task_count ?? '?'}`,
      link(pr),
      description.trim() === '' ? 'Description: (none)' : 'Description:',
      ...(description.trim() === '' ? [] : quoteBlock(description, maxDescriptionLines)),
      `Files changed: ${files.leftOut !== undefined ? files.items.length + files.leftOut : files.items.length}`,
      ...files.items.map((file) => `- ${file.status ?? 'changed'} ${quote(file.new?.path ?? file.old?.path)} +${file.lines_added ?? 0} -${file.lines_removed ?? 0}`),
      leftOutLine(files, 'files'),
    );
  } catch (error) {
    return failed(error, userMessage('pull request {0} in {1}', input.id, name(target.ref)), false);
  }
}

export async function createPullRequest(deps: ToolDeps, input: ToolInput<'bitbucket_create_pull_request'>): Promise<ToolOutcome> {
  const target = await connectToRepository(deps, 'writePullRequest', input);
  if (!target.ok) return target;
  const body: Record<string, unknown> = { title: input.title, source: { branch: { name: input.source_branch } } };
  // Without a destination Bitbucket uses the repository's main branch.
  if (input.destination_branch !== undefined) body['destination'] = { branch: { name: input.destination_branch } };
  if (input.description !== undefined) body['description'] = input.description;
  if (input.close_source_branch !== undefined) body['close_source_branch'] = input.close_source_branch;
  if (input.draft !== undefined) body['draft'] = input.draft;
  try {
    const pr = await target.connected.api.createPullRequest(target.ref, body);
    return ok(`Created pull request #${pr.id} in ${name(target.ref)}: ${quote(pr.title)}, ${quote(pr.source?.branch?.name)} into ${quote(pr.destination?.branch?.name)}.`, link(pr));
  } catch (error) {
    return failed(error, userMessage('repository {0}', name(target.ref)), true);
  }
}

export async function commentOnPullRequest(deps: ToolDeps, input: ToolInput<'bitbucket_comment_on_pull_request'>): Promise<ToolOutcome> {
  const target = await connectToRepository(deps, 'writePullRequest', input);
  if (!target.ok) return target;
  try {
    const comment = await target.connected.api.commentOnPullRequest(target.ref, input.id, input.content);
    const href = webLink(comment.links?.html?.href);
    return ok(`Commented on pull request #${input.id} in ${name(target.ref)} (comment ${comment.id}).`, href && `Link: ${href}`);
  } catch (error) {
    return failed(error, userMessage('pull request {0} in {1}', input.id, name(target.ref)), true);
  }
}

function summaryLine(pr: PullRequestSummary): string {
  const href = webLink(pr.links?.html?.href);
  const branches = `${quote(pr.source?.branch?.name)} into ${quote(pr.destination?.branch?.name)}`;
  return `- #${pr.id} ${quote(pr.title)}${pr.draft ? ' (draft)' : ''} by ${quote(pr.author?.display_name)}, ${branches}${href ? ` ${href}` : ''}`;
}

const link = (pr: PullRequestSummary): string | undefined => {
  const href = webLink(pr.links?.html?.href);
  return href && `Link: ${href}`;
};

export const name = (ref: RepositoryRef): string => `${ref.workspace}/${ref.repository}`;

const ok = (...parts: (string | undefined | false)[]): ToolOutcome => ({ ok: true, text: lines(...parts) });
