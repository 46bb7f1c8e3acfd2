// Real git against the fake Data Center server's /scm (issue 24): every token as Bearer through
// http.extraHeader, a personal token as Basic through a credential helper, pushes refused without
// write permission, and 401 with a Basic challenge so that git asks its helper.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEMO_DC_PERSONAL_TOKEN, DEMO_DC_PROJECT_TOKEN, DEMO_DC_REPOSITORY_TOKEN, startFakeDataCenter, type FakeDataCenter } from '../fakes/fakeDataCenter';
import { runGit, serverGitEnv, type GitResult } from '../fakes/gitCommands';

const READ_ONLY_TOKEN = 'BBDC-read-only-repository-token';

describe('fake Bitbucket Data Center server: git under /scm', function () {
  this.timeout(90_000);
  let fake: FakeDataCenter;
  let work: string;
  let widgets: string;
  /** No user config, no prompts: git fails instead of asking when it has no credential. */
  const env: NodeJS.ProcessEnv = {
    ...serverGitEnv(),
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: '',
    GIT_AUTHOR_NAME: 'Agent',
    GIT_AUTHOR_EMAIL: 'agent@example.invalid',
    GIT_COMMITTER_NAME: 'Agent',
    GIT_COMMITTER_EMAIL: 'agent@example.invalid',
  };

  beforeEach(async () => {
    fake = await startFakeDataCenter({ demo: true });
    widgets = fake.repositories.find((r) => r.slug === 'widgets')!.gitDir;
    fake.users.push({ slug: 'repository-read-bot', name: 'repository-read-bot', displayName: 'read-only token', type: 'SERVICE' });
    fake.tokens.push({ secret: READ_ONLY_TOKEN, kind: 'repository', userSlug: 'repository-read-bot', projectKey: 'PROJ', repositorySlug: 'widgets', permissions: ['REPO_READ'] });
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'fake-dc-git-'));
  });
  afterEach(async () => {
    await fake.close();
    await fs.rm(work, { recursive: true, force: true });
  });

  const url = (repo = 'proj/widgets'): string => `${fake.serverUrl}/scm/${repo}.git`;
  const withBearer = (secret: string): string[] => ['-c', `http.extraHeader=Authorization: Bearer ${secret}`];
  /** A credential helper that answers with `user` and `secret` (the secret lives only in this test's argv). */
  const withHelper = (user: string, secret: string): string[] => [
    '-c', 'credential.helper=',
    '-c', `credential.helper=!f() { test "$1" = get && printf 'username=%s\\npassword=%s\\n' '${user}' '${secret}'; }; f`,
  ];
  const git = (args: string[], cwd = work): Promise<GitResult> => runGit(args, { env, cwd, timeoutMs: 60_000 });
  const assertOk = (result: GitResult, what: string): void => assert.equal(result.code, 0, `${what}: ${result.stderr}`);
  const head = async (): Promise<string> => (await git(['--git-dir', widgets, 'rev-parse', 'refs/heads/main'])).stdout.trim();

  /** Clones with `auth`, commits a file and pushes; returns git's answer to the push. */
  async function cloneCommitPush(auth: string[], name: string): Promise<GitResult> {
    const clone = path.join(work, name);
    assertOk(await git([...auth, 'clone', '--quiet', url(), clone]), 'clone');
    await fs.writeFile(path.join(clone, `${name}.txt`), `${name}\n`);
    assertOk(await git(['add', '.'], clone), 'add');
    assertOk(await git(['commit', '--quiet', '-m', name], clone), 'commit');
    return git([...auth, 'push', '--quiet', 'origin', 'main'], clone);
  }

  it('ls-remote with each token as Bearer (the project key in any case); X-AUSERNAME on git answers', async () => {
    for (const secret of [DEMO_DC_PERSONAL_TOKEN, DEMO_DC_PROJECT_TOKEN, DEMO_DC_REPOSITORY_TOKEN]) {
      const listed = await git([...withBearer(secret), 'ls-remote', url('proj/widgets')]);
      assertOk(listed, secret);
      assert.match(listed.stdout, /^[0-9a-f]{40}\trefs\/heads\/main$/m);
    }
    assertOk(await git([...withBearer(DEMO_DC_PROJECT_TOKEN), 'ls-remote', url('PROJ/widgets')]), 'upper-case key');
    assert.ok(fake.seenAuthorizations.every((seen) => seen.startsWith('Bearer ')));
    const refs = await fetch(`${url()}/info/refs?service=git-upload-pack`, { headers: { authorization: `Bearer ${DEMO_DC_PROJECT_TOKEN}` } });
    assert.equal(refs.status, 200);
    assert.equal(refs.headers.get('x-ausername'), 'project-proj-bot');
    await refs.arrayBuffer();
  });

  it('without credentials: 401 with a Basic challenge, and git (no prompt, no helper) fails', async () => {
    const challenge = await fetch(`${url()}/info/refs?service=git-upload-pack`);
    assert.equal(challenge.status, 401);
    assert.equal(challenge.headers.get('www-authenticate'), 'Basic realm="Bitbucket"');
    const listed = await git(['ls-remote', url()]);
    assert.notEqual(listed.code, 0);
    assert.match(listed.stderr, /terminal prompts disabled|Authentication failed|could not read Username/);
  });

  it('a personal token as Basic through a credential helper: clone and push', async () => {
    const before = await head();
    assertOk(await cloneCommitPush(withHelper('jdoe', DEMO_DC_PERSONAL_TOKEN), 'personal'), 'push');
    assert.notEqual(await head(), before);
    assert.ok(fake.seenAuthorizations.includes(`Basic jdoe:${DEMO_DC_PERSONAL_TOKEN}`));
  });

  it('a project token as Bearer pushes; as Basic it is refused', async () => {
    const before = await head();
    assertOk(await cloneCommitPush(withBearer(DEMO_DC_PROJECT_TOKEN), 'project'), 'push');
    assert.notEqual(await head(), before);
    const asBasic = await git([...withHelper('project-proj-bot', DEMO_DC_PROJECT_TOKEN), 'ls-remote', url()]);
    assert.notEqual(asBasic.code, 0);
    assert.match(asBasic.stderr, /Authentication failed|401/);
  });

  it('a read-only repository token clones but its push is refused with 403; the repository is unchanged', async () => {
    const before = await head();
    const pushed = await cloneCommitPush(withBearer(READ_ONLY_TOKEN), 'readonly');
    assert.notEqual(pushed.code, 0);
    assert.match(pushed.stderr, /403/);
    assert.equal(await head(), before);
  });

  it('a repository token reaches only its repository (404 elsewhere)', async () => {
    await fake.addRepository('PROJ', 'gadgets');
    const other = await git([...withBearer(DEMO_DC_REPOSITORY_TOKEN), 'ls-remote', url('PROJ/gadgets')]);
    assert.notEqual(other.code, 0);
    assert.match(other.stderr, /not found|404/);
    assertOk(await git([...withBearer(DEMO_DC_PROJECT_TOKEN), 'ls-remote', url('PROJ/gadgets')]), 'the project token');
  });

  it('a fault answers git too', async () => {
    fake.setFault({ kind: 'server-error' });
    const listed = await git([...withBearer(DEMO_DC_PROJECT_TOKEN), 'ls-remote', url()]);
    assert.notEqual(listed.code, 0);
    assert.match(listed.stderr, /500/);
  });
});
