/**
 * JSON bodies of the fake's repository, pull request and pipeline endpoints (test code only),
 * after the Cloud spec's schemas; test/integration/fakeBitbucket.test.ts checks them against it.
 */
import { derivedUuid } from './fakeBitbucketBodies';
import type { FakePipeline, FakePullRequest, FakeRepository, FakeStep } from './fakeRepositories';

type Json = Record<string, unknown>;
const link = (href: string): { href: string } => ({ href });
const web = (repo: FakeRepository): string => `https://bitbucket.org/${repo.workspace}/${repo.slug}`;

export function repositoryBody(repo: FakeRepository, apiBaseUrl: string): Json {
  return {
    type: 'repository',
    uuid: derivedUuid(`repository:${repo.workspace}/${repo.slug}`),
    full_name: `${repo.workspace}/${repo.slug}`,
    name: repo.slug,
    description: repo.description,
    is_private: true,
    scm: 'git',
    updated_on: '2026-11-30T09:00:00.000000+00:00',
    mainbranch: { type: 'branch', name: repo.mainBranch },
    ...(repo.project !== undefined && { project: { type: 'project', key: repo.project, name: repo.project, uuid: derivedUuid(`project:${repo.project}`) } }),
    links: { self: link(`${apiBaseUrl}/repositories/${repo.workspace}/${repo.slug}`), html: link(web(repo)) },
  };
}

const account = (name: string): Json => ({ type: 'user', display_name: name, uuid: derivedUuid(`user:${name}`) });

/** A commit hash for a branch: stable, 40 hex digits. */
export const hashOf = (branch: string): string => derivedUuid(`commit:${branch}`).replace(/[{}-]/g, '').padEnd(40, '0').slice(0, 40);

function endpoint(repo: FakeRepository, branch: string, apiBaseUrl: string): Json {
  return { repository: repositoryBody(repo, apiBaseUrl), branch: { name: branch }, commit: { hash: hashOf(branch) } };
}

export function pullRequestBody(repo: FakeRepository, pr: FakePullRequest, apiBaseUrl: string): Json {
  const self = `${apiBaseUrl}/repositories/${repo.workspace}/${repo.slug}/pullrequests/${pr.id}`;
  return {
    type: 'pullrequest',
    id: pr.id,
    title: pr.title,
    summary: { raw: pr.description, markup: 'markdown', html: '' },
    state: pr.state,
    draft: pr.draft,
    author: account(pr.author),
    source: endpoint(repo, pr.source, apiBaseUrl),
    destination: endpoint(repo, pr.destination, apiBaseUrl),
    close_source_branch: pr.closeSourceBranch,
    comment_count: pr.commentCount + pr.comments.length,
    task_count: 0,
    created_on: '2026-11-28T08:00:00.000000+00:00',
    updated_on: '2026-11-29T08:00:00.000000+00:00',
    reviewers: pr.reviewers.map((r) => account(r.name)),
    participants: pr.reviewers.map((r) => ({
      type: 'participant',
      user: account(r.name),
      role: 'REVIEWER',
      approved: r.approved,
      // Real answers send `state: null` here; the spec's `type: string` does not allow it, so it is left out.
      ...(r.approved && { state: 'approved' }),
    })),
    links: { self: link(self), html: link(`${web(repo)}/pull-requests/${pr.id}`), diffstat: link(`${self}/diffstat`) },
  };
}

export function diffstatBody(file: FakePullRequest['files'][number]): Json {
  const commitFile = { type: 'commit_file', path: file.path, escaped_path: file.path };
  return {
    type: 'diffstat',
    status: file.status,
    lines_added: file.added,
    lines_removed: file.removed,
    ...(file.status !== 'added' && { old: commitFile }),
    ...(file.status !== 'removed' && { new: commitFile }),
  };
}

export function commentBody(repo: FakeRepository, pr: FakePullRequest, id: number, raw: string, apiBaseUrl: string): Json {
  return {
    type: 'pullrequest_comment',
    id,
    content: { raw, markup: 'markdown', html: '' },
    created_on: '2026-12-01T10:00:00.000000+00:00',
    user: account('Nora Developer'),
    deleted: false,
    links: {
      self: link(`${apiBaseUrl}/repositories/${repo.workspace}/${repo.slug}/pullrequests/${pr.id}/comments/${id}`),
      html: link(`${web(repo)}/pull-requests/${pr.id}#comment-${id}`),
    },
  };
}

const completed = (kind: 'pipeline' | 'pipeline_step', result: string): Json => ({
  type: `${kind}_state_completed`,
  name: 'COMPLETED',
  result: { type: `${kind}_state_completed_${result.toLowerCase()}`, name: result },
});

export function pipelineBody(repo: FakeRepository, run: FakePipeline): Json {
  return {
    type: 'pipeline',
    uuid: run.uuid,
    build_number: run.buildNumber,
    creator: account('Nora Developer'),
    target: { type: 'pipeline_ref_target', ref_type: 'branch', ref_name: run.branch, commit: { type: 'commit', hash: hashOf(run.branch) } },
    trigger: { type: `pipeline_trigger_${run.trigger.toLowerCase()}`, name: run.trigger },
    state: completed('pipeline', run.result),
    created_on: run.createdOn,
    completed_on: run.createdOn,
    build_seconds_used: run.durationSeconds,
    duration_in_seconds: run.durationSeconds,
    repository: { type: 'repository', full_name: `${repo.workspace}/${repo.slug}`, name: repo.slug },
  };
}

export function stepBody(step: FakeStep): Json {
  return { type: 'pipeline_step', uuid: step.uuid, name: step.name, state: completed('pipeline_step', step.result) };
}
