/**
 * The repository, pull request and pipeline calls of the agent tools (Cloud REST 2.0), each with
 * the scope it needs, so that a 403 names it.
 *
 * Pure: no `vscode` import.
 */
import * as z from 'zod/mini';
import { collectPages, getJson, postJson, type CallScope, type Collected } from './apiCalls';
import type { BitbucketClient } from './client';
import type { BitbucketCredentials } from './credentials';
import type { CredentialType } from './credentialType';
import { readLogTail, type LogTail } from './logTail';
import {
  commentSchema,
  diffstatSchema,
  pageOf,
  pipelineSchema,
  pipelineStepSchema,
  pullRequestSchema,
  pullRequestSummarySchema,
  repositorySchema,
  type Pipeline,
  type PipelineStep,
  type PullRequest,
  type PullRequestSummary,
} from './repositorySchemas';

/** What each call needs: the API-token scope, and the app-password (and access-token) permission as its form names it. */
const scopes = {
  readRepository: { apiToken: 'read:repository:bitbucket', appPassword: ['repository', 'Repositories: Read'] },
  readPullRequest: { apiToken: 'read:pullrequest:bitbucket', appPassword: ['pullrequest', 'Pull requests: Read'] },
  writePullRequest: { apiToken: 'write:pullrequest:bitbucket', appPassword: ['pullrequest:write', 'Pull requests: Write'] },
  readPipeline: { apiToken: 'read:pipeline:bitbucket', appPassword: ['pipeline', 'Pipelines: Read'] },
} as const;
export type ApiScope = keyof typeof scopes;

/** The scope as `x-oauth-scopes` reports it, and as the user ticks it. */
export function scopeOf(needed: ApiScope, type: CredentialType): { readonly scope: string; readonly label: string } {
  const entry = scopes[needed];
  return type === 'apiToken' ? { scope: entry.apiToken, label: entry.apiToken } : { scope: entry.appPassword[0], label: entry.appPassword[1] };
}

/** List caps: a model reads the result, and Bitbucket's own pages are at most 50 to 100 long. */
export const listLimits = { maxItems: 25, maxPages: 5 } as const;
export const diffstatLimits = { maxItems: 100, maxPages: 3 } as const;
export const stepLimits = { maxItems: 50, maxPages: 2 } as const;

/** Built once: zod compiles an object schema on its first parse, so a schema built per call compiles per call. */
const repositoryPage = pageOf(repositorySchema);
const pullRequestPage = pageOf(pullRequestSummarySchema);
const diffstatPage = pageOf(diffstatSchema);
const pipelinePage = pageOf(pipelineSchema);
const pipelineStepPage = pageOf(pipelineStepSchema);

export interface RepositoryRef {
  readonly workspace: string;
  readonly repository: string;
}

export class RepositoryApi {
  constructor(
    private readonly client: BitbucketClient,
    private readonly credentials: BitbucketCredentials,
    /** The tool call these requests belong to: cancelling it ends them (see ApiRequest). */
    private readonly operation?: AbortController,
  ) {}

  listRepositories(workspace: string, nameContains: string | undefined): Promise<Collected<z.infer<typeof repositorySchema>>> {
    const query = new URLSearchParams({ sort: '-updated_on', pagelen: String(listLimits.maxItems) });
    // BBQL string literal: backslashes and quotes escaped.
    if (nameContains !== undefined) query.set('q', `name ~ "${nameContains.replace(/["\\]/g, (c) => `\\${c}`)}"`);
    return collectPages(this.client, `${this.api}/repositories/${segment(workspace)}?${query.toString()}`, this.call('readRepository'), repositoryPage, listLimits);
  }

  listPullRequests(ref: RepositoryRef, state: string): Promise<Collected<PullRequestSummary>> {
    const query = new URLSearchParams({ state, pagelen: String(listLimits.maxItems) });
    return collectPages(this.client, `${this.repo(ref)}/pullrequests?${query.toString()}`, this.call('readPullRequest'), pullRequestPage, listLimits);
  }

  getPullRequest(ref: RepositoryRef, id: number): Promise<PullRequest> {
    return getJson(this.client, `${this.repo(ref)}/pullrequests/${id}`, this.call('readPullRequest'), pullRequestSchema);
  }

  /** Answers 302 to the repository diffstat for the pull request's commits, on the API: followed once. */
  diffstat(ref: RepositoryRef, id: number): Promise<Collected<z.infer<typeof diffstatSchema>>> {
    return collectPages(this.client, `${this.repo(ref)}/pullrequests/${id}/diffstat`, this.call('readPullRequest'), diffstatPage, diffstatLimits);
  }

  createPullRequest(ref: RepositoryRef, body: Record<string, unknown>): Promise<PullRequest> {
    return postJson(this.client, `${this.repo(ref)}/pullrequests`, this.call('writePullRequest'), body, pullRequestSchema);
  }

  commentOnPullRequest(ref: RepositoryRef, id: number, raw: string): Promise<z.infer<typeof commentSchema>> {
    return postJson(this.client, `${this.repo(ref)}/pullrequests/${id}/comments`, this.call('writePullRequest'), { content: { raw } }, commentSchema);
  }

  listPipelines(ref: RepositoryRef, branch: string | undefined, maxItems: number = listLimits.maxItems): Promise<Collected<Pipeline>> {
    const query = new URLSearchParams({ sort: '-created_on', pagelen: String(maxItems) });
    if (branch !== undefined) query.set('target.branch', branch);
    return collectPages(this.client, `${this.repo(ref)}/pipelines?${query.toString()}`, this.call('readPipeline'), pipelinePage, { maxItems, maxPages: 1 });
  }

  getPipeline(ref: RepositoryRef, uuid: string): Promise<Pipeline> {
    return getJson(this.client, `${this.repo(ref)}/pipelines/${segment(uuid)}`, this.call('readPipeline'), pipelineSchema);
  }

  pipelineSteps(ref: RepositoryRef, uuid: string): Promise<Collected<PipelineStep>> {
    return collectPages(this.client, `${this.repo(ref)}/pipelines/${segment(uuid)}/steps?pagelen=50`, this.call('readPipeline'), pipelineStepPage, stepLimits);
  }

  stepLogTail(ref: RepositoryRef, pipelineUuid: string, stepUuid: string, tailBytes: number): Promise<LogTail> {
    return readLogTail(this.client, `${this.repo(ref)}/pipelines/${segment(pipelineUuid)}/steps/${segment(stepUuid)}/log`, this.call('readPipeline'), tailBytes);
  }

  private get api(): string {
    return this.client.apiBaseUrl;
  }

  private repo(ref: RepositoryRef): string {
    return `${this.api}/repositories/${segment(ref.workspace)}/${segment(ref.repository)}`;
  }

  private call(needed: ApiScope): CallScope {
    return { credentials: this.credentials, neededScope: scopeOf(needed, this.credentials.type).label, operation: this.operation };
  }
}

const segment = (value: string): string => encodeURIComponent(value);
