// The extensionTestsPath entry: VS Code loads this inside the extension host and awaits run().
// It runs every out/test/host/**/*.test.js with mocha. The extension host inherits the server's
// environment, which vscodeServerLauncher sets: NORA_HOST_OUTPUT (a file that receives the reporter's
// lines, streamed by the runner) and NORA_HOST_GREP (narrows the run).
import { appendFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const outputFile = process.env.NORA_HOST_OUTPUT;
  // Mocha's reporters print through Base.consoleLog. Format here (the extension host forwards
  // console calls to the browser with their format strings unapplied) and copy to the file. The
  // extension host's console methods cannot be replaced, so a test's own console.log shows only
  // in the browser console (NORA_HOST_VERBOSE=1).
  const emit = (line: string): void => {
    console.log(line);
    if (outputFile) appendFileSync(outputFile, `${line}\n`);
  };
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => emit(format(...args));
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000 });
  if (process.env.NORA_HOST_GREP) mocha.grep(process.env.NORA_HOST_GREP);
  const files = readdirSync(__dirname, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.js'))
    .sort();
  for (const file of files) mocha.addFile(path.join(__dirname, file));
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => {
        if (failures > 0) reject(new Error(`${failures} host test(s) failed`));
        else resolve();
      });
    } catch (error) {
      // e.g. a test file that throws while loading
      emit(`host tests could not start: ${error instanceof Error ? error.stack : String(error)}`);
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
