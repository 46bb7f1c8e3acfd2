import assert from 'node:assert/strict';
import * as z from 'zod/mini';
import { fieldPaths } from '../../../src/bitbucket/partialFields';
import { pullRequestSchema } from '../../../src/bitbucket/repositorySchemas';
import { demoRepositories } from '../../fakes/fakeRepositories';
import { pullRequestBody } from '../../fakes/fakeRepositoryBodies';
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

  it("the pull request read loses nothing the tool reads: each fake pull request parses the same from the cut answer", () => {
    const fields = fieldPaths(pullRequestSchema).join(',');
    let compared = 0;
    for (const repo of demoRepositories()) {
      for (const pr of repo.pullRequests) {
        const full = pullRequestBody(repo, pr, 'https://api.bitbucket.org/2.0');
        const cut = partialResponse(full, fields);
        assert.ok(JSON.stringify(cut).length < JSON.stringify(full).length, 'the cut answer is smaller');
        assert.deepEqual(pullRequestSchema.parse(cut), pullRequestSchema.parse(full), `pull request ${pr.id}`);
        compared++;
      }
    }
    assert.ok(compared >= 2, `compared ${compared} pull requests`);
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
