// The repository's compiled modules (`out/`, from `tsc -p tsconfig.test.json`), for the benchmark.
import { createRequire } from 'node:module';
import path from 'node:path';

/** A loader of `out/<file>` that resolves their dependencies from the repository's node_modules. */
export function builtModules(repoRoot) {
  const require = createRequire(path.join(repoRoot, 'package.json'));
  return (file) => require(path.join(repoRoot, 'out', file));
}
