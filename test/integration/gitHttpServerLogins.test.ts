/**
 * The fake git server with several accounts, as bitbucket.org has: each login reaches only its
 * own workspaces, so a push that succeeds proves which account git sent.
 */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createBareRepository } from '../fakes/gitCommands';
import { startGitHttpServer, type GitHttpServer } from '../fakes/gitHttpServer';

describe('fake git server with several logins', function () {
  this.timeout(30_000);
  let root: string;
  let server: GitHttpServer;

  before(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'nora-git-logins-'));
    await createBareRepository(root, 'acme-eng/widgets.git');
    await createBareRepository(root, 'ada-home/notes.git');
    server = await startGitHttpServer({
      projectRoot: root,
      logins: [
        { username: 'nora-dev', password: 'work-secret', workspaces: ['acme-eng'] },
        { username: 'ada-l', password: 'home-secret', workspaces: ['ada-home'] },
      ],
    });
  });

  after(async () => {
    await server?.close();
    await fs.rm(root, { recursive: true, force: true });
  });

  async function refsStatus(repository: string, username: string, password: string): Promise<number> {
    const response = await fetch(`${server.url}/${repository}/info/refs?service=git-upload-pack`, {
      headers: { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` },
    });
    await response.arrayBuffer();
    return response.status;
  }

  it('lets each login into its own workspace only, and records every credential, accepted or not', async () => {
    assert.equal(await refsStatus('acme-eng/widgets.git', 'nora-dev', 'work-secret'), 200);
    assert.equal(await refsStatus('ada-home/notes.git', 'ada-l', 'home-secret'), 200);
    assert.equal(await refsStatus('ada-home/notes.git', 'nora-dev', 'work-secret'), 401);
    assert.equal(await refsStatus('acme-eng/widgets.git', 'ada-l', 'home-secret'), 401);
    assert.equal(await refsStatus('acme-eng/widgets.git', 'nora-dev', 'home-secret'), 401);
    assert.deepEqual(server.seen.map((seen) => seen.username), ['nora-dev', 'ada-l', 'nora-dev', 'ada-l', 'nora-dev']);
    assert.deepEqual(server.requests.map((request) => request.authorized), [true, true, false, false, false]);
  });
});
