import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { waitUntil } from '../support/waitUntil';

/**
 * Runs commands in an integrated terminal made with VS Code's `createTerminal` (an ordinary one,
 * or one with an agent environment in `env`), not our profile; results go through files.
 */
export class PlainTerminal {
  private step = 0;
  readonly terminal: vscode.Terminal;
  constructor(
    readonly dir: string,
    env?: Record<string, string | null>,
  ) {
    this.terminal = vscode.window.createTerminal({ name: env ? 'Terminal with an agent environment' : 'Ordinary terminal', cwd: dir, ...(env && { env }) });
  }

  async run(command: string, whileWaiting?: () => Promise<unknown>): Promise<{ code: number; output: string }> {
    const step = ++this.step;
    const out = path.join(this.dir, `step-${step}.out`);
    const rc = path.join(this.dir, `step-${step}.rc`);
    this.terminal.sendText(`(${command}) > '${out}' 2>&1 < /dev/null; echo $? > '${rc}.tmp'; mv '${rc}.tmp' '${rc}'`);
    const code = await waitUntil(async () => {
      if (existsSync(rc)) return Number(readFileSync(rc, 'utf8').trim());
      await whileWaiting?.();
      return undefined;
    }, `"${command}" in an ordinary terminal`, 60_000);
    return { code, output: readFileSync(out, 'utf8') };
  }
}
