/**
 * The pipeline tools: recent runs, and why one failed (its failed steps and the end of each
 * one's log, read within bounds).
 *
 * Pure: no `vscode` import.
 */
import type { LogTail } from '../bitbucket/logTail';
import type { Pipeline, PipelineStep } from '../bitbucket/repositorySchemas';
import type { RepositoryRef } from '../bitbucket/repositoryApi';
import { pinnedOrigins } from '../connection/origins';
import type { ConnectionProfile } from '../connection/profile';
import { userMessage } from '../userMessage';
import { name } from './pullRequestTools';
import { connectToRepository, failed, type ToolDeps, type ToolOutcome } from './toolContext';
import type { ToolInput } from './toolInputs';
import { duration, leftOutLine, lines, quote, quoteBlock, quotedDataNote } from './toolText';

/** Bounds of a failure report: steps with logs, bytes read from the end of each log, lines shown. */
export const failureLimits = { maxFailedSteps: 3, tailBytes: 16 * 1024, tailLines: 60, recentRuns: 20 } as const;

const failedResults = new Set(['FAILED', 'ERROR']);
const hasFailed = (item: { state?: { result?: { name?: string | null | undefined } | null | undefined } | null | undefined }): boolean =>
  failedResults.has(item.state?.result?.name ?? '');

export async function listPipelines(deps: ToolDeps, input: ToolInput<'bitbucket_list_pipelines'>): Promise<ToolOutcome> {
  const target = await connectToRepository(deps, 'readPipeline', input);
  if (!target.ok) return target;
  const { profile, api } = target.connected;
  try {
    const list = await api.listPipelines(target.ref, input.branch);
    const where = input.branch === undefined ? name(target.ref) : `${name(target.ref)}, branch ${quote(input.branch)}`;
    const header = list.items.length === 0 ? `No pipeline runs in ${where}.` : `The ${list.items.length} most recent pipeline runs in ${where}, newest first.`;
    return ok(header, quotedDataNote, ...list.items.map((run) => runLine(run, profile, target.ref)), leftOutLine(list, 'runs'));
  } catch (error) {
    return failed(error, userMessage('pipelines of {0}', name(target.ref)), false);
  }
}

export async function getPipelineFailure(deps: ToolDeps, input: ToolInput<'bitbucket_get_pipeline_failure'>): Promise<ToolOutcome> {
  const target = await connectToRepository(deps, 'readPipeline', input);
  if (!target.ok) return target;
  const { profile, api } = target.connected;
  try {
    let run: Pipeline | undefined;
    if (input.pipeline_uuid !== undefined) {
      run = await api.getPipeline(target.ref, braced(input.pipeline_uuid));
    } else {
      const recent = await api.listPipelines(target.ref, input.branch, failureLimits.recentRuns);
      run = recent.items.find(hasFailed);
      if (run === undefined) {
        const where = input.branch === undefined ? '' : ` on branch ${quote(input.branch)}`;
        return ok(`None of the last ${recent.items.length} pipeline runs in ${name(target.ref)}${where} failed.`);
      }
    }
    if (!hasFailed(run)) return ok(`This run did not fail.`, quotedDataNote, runLine(run, profile, target.ref));
    const steps = await api.pipelineSteps(target.ref, run.uuid);
    const failedSteps = steps.items.filter(hasFailed);
    const shown = failedSteps.slice(0, failureLimits.maxFailedSteps);
    const reports: string[] = [];
    for (const step of shown) reports.push(...stepReport(step, await api.stepLogTail(target.ref, run.uuid, step.uuid, failureLimits.tailBytes)));
    const notShown = failedSteps.length - shown.length;
    return ok(
      `Pipeline run #${run.build_number ?? '?'} in ${name(target.ref)} failed: ${failedSteps.length} failed step${failedSteps.length === 1 ? '' : 's'} of ${steps.items.length}.`,
      quotedDataNote,
      runLine(run, profile, target.ref),
      ...reports,
      notShown > 0 && `${notShown} more failed steps not shown.`,
    );
  } catch (error) {
    return failed(error, userMessage('pipeline run in {0}', name(target.ref)), false);
  }
}

function stepReport(step: PipelineStep, log: LogTail): string[] {
  const heading = `Step ${quote(step.name)}: ${step.state?.result?.name ?? '?'}.`;
  switch (log.status) {
    case 'empty':
      return [heading, 'Its log is empty.'];
    case 'elsewhere':
      return [heading, `Bitbucket sent its log to ${log.host} over a link that is not https; it was not read. Open the run's link to read it.`];
    case 'tooLarge':
      return [heading, 'Its log is too large to read its end here (Bitbucket ignored the range request). Open the run\'s link to read it.'];
    case 'read': {
      const skipped = log.skippedBytes > 0 ? ` (the first ${Math.round(log.skippedBytes / 1024)} KB are not shown)` : '';
      return [heading, `The end of its log${skipped}:`, ...quoteBlock(log.text, failureLimits.tailLines, 'last')];
    }
  }
}

function runLine(run: Pipeline, profile: ConnectionProfile, ref: RepositoryRef): string {
  const state = run.state?.result?.name ?? run.state?.stage?.name ?? run.state?.name ?? '?';
  const target = run.target?.ref_name ? ` on ${run.target.ref_type ?? 'ref'} ${quote(run.target.ref_name)}` : '';
  const took = duration(run.duration_in_seconds ?? run.build_seconds_used);
  const link = run.build_number ? ` ${webUrl(profile, ref)}/pipelines/results/${run.build_number}` : '';
  return `- #${run.build_number ?? '?'} ${state}${target}, trigger ${run.trigger?.name ?? '?'}, created ${run.created_on ?? '?'}${took ? `, took ${took}` : ''}${link}`;
}

/** The repository's page on the pinned git host (Bitbucket's website). */
const webUrl = (profile: ConnectionProfile, ref: RepositoryRef): string =>
  `${pinnedOrigins(profile).git}/${encodeURIComponent(ref.workspace)}/${encodeURIComponent(ref.repository)}`;

const braced = (uuid: string): string => (uuid.startsWith('{') ? uuid : `{${uuid}}`);

const ok = (...parts: (string | undefined | false)[]): ToolOutcome => ({ ok: true, text: lines(...parts) });
