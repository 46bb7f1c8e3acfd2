/**
 * The repository list tool.
 *
 * Pure: no `vscode` import.
 */
import { userMessage } from '../userMessage';
import { connect, failed, resolveWorkspace, type ToolDeps, type ToolOutcome } from './toolContext';
import type { ToolInput } from './toolInputs';
import { leftOutLine, lines, quote, quotedDataNote, webLink } from './toolText';

export async function listRepositories(deps: ToolDeps, input: ToolInput<'bitbucket_list_repositories'>): Promise<ToolOutcome> {
  const connected = await connect(deps, 'readRepository', input);
  if (!connected.ok) return connected;
  const workspace = await resolveWorkspace(deps, connected.connected.profile, input.workspace);
  if (!workspace.ok) return workspace;
  try {
    const list = await connected.connected.api.listRepositories(workspace.workspace, input.name);
    const filter = input.name === undefined ? '' : ` whose name contains ${quote(input.name)}`;
    const header = list.items.length === 0 ? `No repositories in workspace ${workspace.workspace}${filter}.` : `Repositories in workspace ${workspace.workspace}${filter}, most recently updated first:`;
    const rows = list.items.map((repo) => {
      const href = webLink(repo.links?.html?.href);
      const main = repo.mainbranch?.name ? `, main branch ${quote(repo.mainbranch.name)}` : '';
      return `- ${quote(repo.full_name ?? repo.name)}${repo.is_private ? ' (private)' : ''}${main}${repo.description ? `, description ${quote(repo.description, 120)}` : ''}${href ? ` ${href}` : ''}`;
    });
    return { ok: true, text: lines(header, quotedDataNote, ...rows, leftOutLine(list, 'repositories')) };
  } catch (error) {
    return failed(error, userMessage('workspace {0}', workspace.workspace), false);
  }
}
