import assert from 'node:assert/strict';
import * as z from 'zod/mini';
import type { ReadSchema } from '../../../src/bitbucket/apiCalls';
import { fieldPaths, withFields } from '../../../src/bitbucket/partialFields';
import {
  diffstatSchema,
  pageOf,
  pipelineSchema,
  pipelineStepSchema,
  pullRequestSchema,
  pullRequestSummarySchema,
  repositorySchema,
} from '../../../src/bitbucket/repositorySchemas';
import { demoRepositories } from '../../fakes/fakeRepositories';
import { diffstatBody, pipelineBody, pullRequestBody, repositoryBody, stepBody } from '../../fakes/fakeRepositoryBodies';
import { partialResponse } from '../../fakes/partialResponse';

describe("partial responses: a read asks Bitbucket only for the fields its schema parses", () => {
  it('names every leaf through optional, nullable and array wrappers', () => {
    const schema = z.object({
      id: z.number(),
      author: z.optional(z.nullable(z.object({ display_name: z.string(), nickname: z.optional(z.string()) }))),
      participants: z.array(z.object({ user: z.object({ uuid: z.string() }), approved: z.boolean() })),
      state: z.enum(['OPEN', 'MERGED']),
    });
    assert.deepEqual(fieldPaths(schema), ['id', 'author.display_name', 'author.nickname', 'participants.user.uuid', 'participants.approved', 'state']);
  });

  it("no read loses what the tools read: each fake answer parses the same from its cut answer, which is smaller", () => {
    const api = 'https://api.bitbucket.org/2.0';
    const pageWith = (values: unknown[]) => ({ size: values.length, page: 1, pagelen: 10, next: `${api}/next?page=2`, values });
    const repos = demoRepositories();
    const prs = repos.flatMap((repo) => repo.pullRequests.map((pr) => ({ repo, pr })));
    const runs = repos.flatMap((repo) => repo.pipelines.map((run) => ({ repo, run })));
    const reads: [string, ReadSchema<unknown>, unknown][] = [
      ['repositories', pageOf(repositorySchema), pageWith(repos.map((repo) => repositoryBody(repo, api)))],
      ['pull requests', pageOf(pullRequestSummarySchema), pageWith(prs.map(({ repo, pr }) => pullRequestBody(repo, pr, api)))],
      ...prs.map(({ repo, pr }): [string, ReadSchema<unknown>, unknown] => [`pull request ${pr.id}`, pullRequestSchema, pullRequestBody(repo, pr, api)]),
      ['diffstat', pageOf(diffstatSchema), pageWith(prs.flatMap(({ pr }) => pr.files.map(diffstatBody)))],
      ['pipelines', pageOf(pipelineSchema), pageWith(runs.map(({ repo, run }) => pipelineBody(repo, run)))],
      ...runs.map(({ repo, run }): [string, ReadSchema<unknown>, unknown] => [`pipeline ${run.buildNumber}`, pipelineSchema, pipelineBody(repo, run)]),
      ['steps', pageOf(pipelineStepSchema), pageWith(runs.flatMap(({ run }) => run.steps.map(stepBody)))],
    ];
    assert.ok(prs.length >= 2 && runs.length >= 2, 'the fake has pull requests and pipelines to compare');
    for (const [what, schema, full] of reads) {
      const cut = partialResponse(full, fieldPaths(schema).join(','));
      assert.ok(JSON.stringify(cut).length < JSON.stringify(full).length, `${what}: the cut answer is smaller`);
      assert.deepEqual(z.parse(schema, cut), z.parse(schema, full), what);
    }
  });

  it('adds the fields to a URL once, after its own query; a next page that names them keeps its own', () => {
    const schema = z.object({ id: z.number(), links: z.object({ html: z.object({ href: z.string() }) }) });
    assert.equal(withFields('https://api.example/2.0/x', schema), 'https://api.example/2.0/x?fields=id%2Clinks.html.href');
    assert.equal(withFields('https://api.example/2.0/x?state=OPEN', schema), 'https://api.example/2.0/x?state=OPEN&fields=id%2Clinks.html.href');
    assert.equal(withFields('https://api.example/2.0/x?page=2&fields=id', schema), 'https://api.example/2.0/x?page=2&fields=id');
  });
});

describe("the fake's partial responses follow the REST guide's examples", () => {
  const user = { nickname: 'evzijst', display_name: 'Erik', links: { self: { href: 's' }, avatar: { href: 'a' } }, type: 'user' };

  it('removes a field, or every field at a level', () => {
    assert.deepEqual(partialResponse(user, '-links'), { nickname: 'evzijst', display_name: 'Erik', type: 'user' });
    assert.deepEqual(partialResponse(user, '-links.*'), { ...user, links: {} });
  });

  it('keeps only the named fields, through the items of a list', () => {
    const page = { size: 2, values: [{ id: 1, state: 'OPEN', reviewers: [{ nickname: 'a', uuid: 'x' }], title: 't' }, { id: 2, state: 'MERGED', reviewers: [], title: 'u' }] };
    assert.deepEqual(partialResponse(page, 'values.id,values.reviewers.nickname,values.state'), {
      values: [{ id: 1, state: 'OPEN', reviewers: [{ nickname: 'a' }] }, { id: 2, state: 'MERGED', reviewers: [] }],
    });
  });

  it('removes everything at the root, then adds back what is named', () => {
    assert.deepEqual(partialResponse(user, '-*,+nickname,+links.self'), { nickname: 'evzijst', links: { self: { href: 's' } } });
    assert.equal(partialResponse(user, null), user);
  });
});
