// Where the test tools installed by scripts/install-test-tools.mjs live (<repo>/.tools/).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../support/repoRoot';

interface ToolVersions {
  node: string;
  codeServer: string;
  chromium: string;
}

export const toolVersions: ToolVersions = JSON.parse(
  readFileSync(path.join(repoRoot, 'scripts', 'test-tools.json'), 'utf8'),
) as ToolVersions;

// NORA_TOOLS_DIR: see scripts/install-test-tools.mjs.
const toolsDir = process.env.NORA_TOOLS_DIR ? path.resolve(process.env.NORA_TOOLS_DIR) : path.join(repoRoot, '.tools');
const nodeHome = path.join(toolsDir, `node-${toolVersions.node}`, 'node_modules', `node-${process.platform}-${process.arch}`);
const codeServerPackage = path.join(toolsDir, `code-server-${toolVersions.codeServer}`, 'node_modules', 'code-server');

export const tools = {
  /** The Node 24 binary code-server needs. */
  node: path.join(nodeHome, 'bin', 'node'),
  /** code-server's CLI entry; run it with `tools.node`. */
  codeServerEntry: path.join(codeServerPackage, 'out', 'node', 'entry.js'),
  /** The plain VS Code server inside code-server (accepts extension-development payloads). */
  serverMain: path.join(codeServerPackage, 'lib', 'vscode', 'out', 'server-main.js'),
  /** The headless Chromium that playwright-core drives (a launcher that sets its library path). */
  chromium: path.join(toolsDir, `chromium-${toolVersions.chromium}`, 'chromium'),
};

/** Throws a message saying what to run when a tool is missing. */
export function assertToolsInstalled(): void {
  for (const [name, file] of Object.entries(tools)) {
    if (!existsSync(file)) {
      throw new Error(`test tool "${name}" not found at ${file}: run \`node scripts/install-test-tools.mjs\` (npm test does)`);
    }
  }
}

/** PATH with Node 24 first, for processes that must run on it. */
export function pathWithNode24(basePath = process.env.PATH ?? ''): string {
  return `${path.dirname(tools.node)}${path.delimiter}${basePath}`;
}
