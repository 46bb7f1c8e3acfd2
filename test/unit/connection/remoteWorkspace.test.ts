import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isWorkspaceSlug } from '../../../src/bitbucket/workspaceSlug';
import { remoteWorkspaces, workspaceMismatch, workspaceOfRemote } from '../../../src/connection/remoteWorkspace';
import { fillPlaceholders } from '../../../src/userMessage';
import { fuzzRuns } from '../../support/fuzz';

const bitbucket = 'https://bitbucket.org';

describe('the workspace of a git remote', () => {
  it('reads the https, ssh and scp-like forms on the git host', () => {
    for (const url of [
      'https://bitbucket.org/acme-eng/repo.git',
      'https://nora-dev@bitbucket.org/acme-eng/repo.git',
      'https://bitbucket.org/Acme-Eng/repo/',
      'git@bitbucket.org:acme-eng/repo.git',
      'bitbucket.org:acme-eng/repo.git',
      'ssh://git@bitbucket.org/acme-eng/repo.git',
      'ssh://git@bitbucket.org:22/acme-eng/repo.git',
    ]) {
      assert.equal(workspaceOfRemote(url, bitbucket), 'acme-eng', url);
    }
  });

  it('ignores other hosts, other ports over https, local paths and paths that are not workspace/repository', () => {
    for (const url of [
      'https://github.com/acme-eng/repo.git',
      'git@github.com:acme-eng/repo.git',
      'https://bitbucket.org.evil.example/acme-eng/repo.git',
      'https://bitbucket.org:8443/acme-eng/repo.git',
      'http://bitbucket.org/acme-eng/repo.git',
      'ssh://git@evil.example/bitbucket.org/acme-eng/repo.git',
      'https://evil.example@bitbucket.org.evil.example/acme-eng/repo.git',
      '/home/nora/acme-eng/repo.git',
      'file:///srv/acme-eng/repo.git',
      'C:/acme-eng/repo.git',
      'https://bitbucket.org/acme-eng',
      'https://bitbucket.org/acme-eng/repo/src/main',
      'https://bitbucket.org/acme%0aeng/repo.git',
      'git@bitbucket.org:acme eng/repo.git',
      '',
    ]) {
      assert.equal(workspaceOfRemote(url, bitbucket), undefined, url);
    }
  });

  it('never suggests a dot-only or dot-led workspace from a remote', () => {
    for (const url of ['git@bitbucket.org:../repo.git', 'https://bitbucket.org/../repo.git', 'git@bitbucket.org:./repo.git', 'ssh://git@bitbucket.org/.hidden/repo.git']) {
      assert.equal(workspaceOfRemote(url, bitbucket), undefined, url);
    }
  });

  it('compares the whole origin for https, so a loopback git host with a port works', () => {
    assert.equal(workspaceOfRemote('http://127.0.0.1:4567/acme-eng/repo.git', 'http://127.0.0.1:4567'), 'acme-eng');
    assert.equal(workspaceOfRemote('http://127.0.0.1:4568/acme-eng/repo.git', 'http://127.0.0.1:4567'), undefined);
  });

  it('lists each workspace once, in the order found', () => {
    const urls = ['git@bitbucket.org:b-team/x.git', 'https://bitbucket.org/a-team/y.git', 'https://github.com/c/z.git', 'https://bitbucket.org/b-team/z.git'];
    assert.deepEqual(remoteWorkspaces(urls, bitbucket), ['b-team', 'a-team']);
  });

  it('says when the stored workspace is not the remote one, and only then', () => {
    assert.equal(workspaceMismatch('acme-eng', ['acme-eng']), undefined);
    assert.equal(workspaceMismatch(undefined, ['acme-eng']), undefined);
    assert.equal(workspaceMismatch('acme-eng', []), undefined);
    const message = workspaceMismatch('acme-eng', ['acme-ops']);
    assert.ok(message);
    assert.equal(fillPlaceholders(message.text, ...message.args), "The open folder's git remote is in workspace acme-ops, but agents use workspace acme-eng.");
  });

  const slug = fc.stringMatching(/^[a-z0-9][a-z0-9_.-]{0,20}$/);
  const repo = fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/);

  it('finds the slug in every form on the host, and none on another host (property)', () => {
    fc.assert(
      fc.property(slug, repo, fc.constantFrom('https://{u}bitbucket.org/{w}/{r}.git', 'ssh://{u}bitbucket.org/{w}/{r}.git', '{u}bitbucket.org:{w}/{r}.git'), fc.boolean(), (w, r, form, withUser) => {
        const url = form.replace('{u}', withUser ? 'git@' : '').replace('{w}', w).replace('{r}', r);
        assert.equal(workspaceOfRemote(url, bitbucket), w);
        assert.equal(workspaceOfRemote(url.replace('bitbucket.org', 'bitbucket.org.example'), bitbucket), undefined);
      }),
      { numRuns: fuzzRuns },
    );
  });

  it('never throws, and gives only valid slugs, for any text (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl(), fc.string().map((s) => `git@bitbucket.org:${s}`)), (url) => {
        const found = workspaceOfRemote(url, bitbucket);
        assert.ok(found === undefined || isWorkspaceSlug(found));
      }),
      { numRuns: fuzzRuns },
    );
  });
});
