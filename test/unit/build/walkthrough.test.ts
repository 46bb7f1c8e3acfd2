// The walkthrough's page lists the scopes to select by hand: it must name exactly those the
// extension checks for, so the two cannot drift apart.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { requiredScopes } from '../../../src/bitbucket/scopes';
import { repoRoot } from '../../support/repoRoot';

interface Manifest {
  contributes: { walkthroughs: { steps: { media: { markdown?: string } }[] }[] };
}

describe('the walkthrough', () => {
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;
  const pages = [...new Set(manifest.contributes.walkthroughs.flatMap((walkthrough) => walkthrough.steps.map((step) => step.media.markdown)))];

  it('lists exactly the scopes an API token needs', () => {
    assert.equal(pages.length, 1, 'one page holds the scope list');
    const page = readFileSync(path.join(repoRoot, pages[0] ?? ''), 'utf8');
    const listed = [...page.matchAll(/`([a-z]+:[a-z]+:bitbucket)`/g)].map((match) => match[1]);
    assert.deepEqual(listed.sort(), requiredScopes('apiToken', true).map((scope) => scope.scope).sort());
  });
});
