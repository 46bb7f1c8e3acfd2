// The environment the test-tools installer gives its child `npm install`: started from `npm test`
// under Node 20, the child must not inherit npm's variables that name the parent's Node.
import assert from 'node:assert/strict';
import path from 'node:path';

type NpmChildEnv = (parentEnv: Record<string, string | undefined>, node24: { nodeBinDir: string; nodeHome: string }) => Record<string, string>;

describe('npmChildEnv (scripts/npmChildEnv.mjs)', () => {
  let npmChildEnv: NpmChildEnv;
  const node24 = { nodeBinDir: '/tools/node-24/bin', nodeHome: '/tools/node-24' };
  // What `npm test` exports to its scripts, as npm 11 on Node 20 does.
  const fromNpmTest = {
    PATH: '/usr/local/bin:/usr/bin',
    HOME: '/home/dev',
    npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false',
    npm_config_node_gyp: '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
    npm_config_nodedir: '/usr',
    npm_config_npm_version: '11.19.1',
    npm_config_local_prefix: '/home/dev/nora',
    npm_config_registry: 'https://registry.example.test/',
    npm_config_https_proxy: 'http://proxy.example.test:3128',
    NPM_CONFIG_CAFILE: '/etc/ssl/corp.pem',
    npm_lifecycle_event: 'pretest',
    npm_lifecycle_script: 'node scripts/install-test-tools.mjs',
    npm_package_name: 'nora-bitbucket',
    npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
    npm_node_execpath: '/usr/bin/node',
    npm_command: 'test',
    UNSET: undefined,
  };

  before(async () => {
    const modulePath = path.resolve(__dirname, '..', '..', '..', '..', 'scripts', 'npmChildEnv.mjs');
    ({ npmChildEnv } = (await import(modulePath)) as { npmChildEnv: NpmChildEnv });
  });

  it('drops every npm variable that names the parent npm, its Node or its script', () => {
    const env = npmChildEnv(fromNpmTest, node24);
    for (const name of ['npm_config_user_agent', 'npm_config_node_gyp', 'npm_config_npm_version', 'npm_config_local_prefix',
      'npm_lifecycle_event', 'npm_lifecycle_script', 'npm_package_name', 'npm_execpath', 'npm_node_execpath', 'npm_command']) {
      assert.equal(env[name], undefined, `${name} was passed on`);
    }
    assert.ok(!Object.values(env).some((value) => value.includes('node/v20')), 'something still says node/v20');
  });

  it('keeps where packages come from (registry, proxy, CA), whatever the case of the name', () => {
    const env = npmChildEnv(fromNpmTest, node24);
    assert.equal(env['npm_config_registry'], 'https://registry.example.test/');
    assert.equal(env['npm_config_https_proxy'], 'http://proxy.example.test:3128');
    assert.equal(env['NPM_CONFIG_CAFILE'], '/etc/ssl/corp.pem');
  });

  it("puts Node 24 first on PATH and points node-gyp at its headers, over the parent's nodedir", () => {
    const env = npmChildEnv(fromNpmTest, node24);
    assert.equal(env['PATH'], '/tools/node-24/bin:/usr/local/bin:/usr/bin');
    assert.equal(env['npm_config_nodedir'], '/tools/node-24');
    assert.equal(env['npm_config_ignore_scripts'], 'false');
  });

  it('keeps the rest of the environment and leaves the parent untouched', () => {
    const parent = { ...fromNpmTest };
    const env = npmChildEnv(parent, node24);
    assert.equal(env['HOME'], '/home/dev');
    assert.ok(!('UNSET' in env));
    assert.deepEqual(parent, fromNpmTest);
  });
});
