// The environment for an `npm install` that the test-tools installer starts with Node 24.
// Started from `npm test`, the installer inherits npm's own variables (npm_config_user_agent says
// "node/v20…", npm_config_node_gyp, npm_lifecycle_*, npm_package_*): passed on, they make the
// child npm and code-server's postinstall believe they run on the parent's Node. So every npm_*
// variable is dropped, except those that only say where packages come from, which a user may
// have set for a proxy or a registry mirror. The child reads the rest from the npmrc files, as an
// npm started by hand would.
const KEPT_NPM_SETTINGS = new Set([
  'npm_config_registry',
  'npm_config_proxy',
  'npm_config_https_proxy',
  'npm_config_noproxy',
  'npm_config_cafile',
  'npm_config_ca',
  'npm_config_strict_ssl',
  'npm_config_cache',
]);

/**
 * @param {Record<string, string | undefined>} parentEnv the installer's own environment
 * @param {{ nodeBinDir: string, nodeHome: string }} node24 where Node 24's binary and headers are
 * @returns {Record<string, string>}
 */
export function npmChildEnv(parentEnv, node24) {
  const env = {};
  for (const [name, value] of Object.entries(parentEnv)) {
    if (value === undefined) continue;
    if (/^npm_/i.test(name) && !KEPT_NPM_SETTINGS.has(name.toLowerCase())) continue;
    env[name] = value;
  }
  const pathKey = Object.keys(env).find((name) => name.toUpperCase() === 'PATH') ?? 'PATH';
  return {
    ...env,
    [pathKey]: [node24.nodeBinDir, env[pathKey]].filter(Boolean).join(process.platform === 'win32' ? ';' : ':'),
    npm_config_nodedir: node24.nodeHome, // an npmrc may point nodedir at the system Node's headers
    npm_config_yes: 'true',
    npm_config_ignore_scripts: 'false', // code-server's postinstall installs VS Code's own modules
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  };
}
