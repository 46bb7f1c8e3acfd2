// `git ls-remote` against the loopback git host, answered two ways in the same agent terminal,
// alternating: by the terminal's own GIT_CONFIG_* credential helper (from its environment), and,
// with GIT_CONFIG_COUNT=0 so that helper is gone, by VS Code's askpass, which asks the extension's
// credentials provider over the Git extension's socket (what every ordinary terminal and Source
// Control use). The shell times each run (`date +%s%N`) and writes one line per run to a file.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { median } from './stats.mjs';

export async function measureGitAnswers({ page, runCommand, typeInTerminal, waitUntil, repositoryUrl, samples, dir }) {
  const results = path.join(dir, 'git-answers.txt');
  const done = path.join(dir, 'git-answers.done');
  await runCommand(page, 'Nora: New Agent Terminal (Bitbucket)');
  const run = (how) =>
    `s=$(date +%s%N); ${how === 'askpass' ? 'GIT_CONFIG_COUNT=0 ' : ''}git ls-remote ${repositoryUrl} >/dev/null 2>&1; r=$?; ` +
    `echo "${how} $r $(( ($(date +%s%N) - s) / 1000 ))" >> ${results}`;
  // Which goes first alternates, so neither always runs on a warm cache.
  await typeInTerminal(
    page,
    `for i in $(seq ${samples}); do if [ $((i % 2)) = 0 ]; then ${run('helper')}; ${run('askpass')}; ` +
      `else ${run('askpass')}; ${run('helper')}; fi; done; touch ${done}`,
  );
  await waitUntil(() => (existsSync(done) ? true : undefined), 'the git ls-remote runs', 60_000 + samples * 10_000);
  const lines = readFileSync(results, 'utf8').trim().split('\n').map((line) => line.split(' '));
  const failed = lines.filter(([, code]) => code !== '0');
  if (failed.length > 0) throw new Error(`git ls-remote failed: ${failed.map((line) => line.join(' ')).join(', ')}`);
  const ms = (how) => lines.filter(([name]) => name === how).map(([, , micros]) => Number(micros) / 1000);
  const askpassMs = median(ms('askpass'));
  const helperMs = median(ms('helper'));
  return { gitSamples: samples, gitAskpassMs: askpassMs, gitHelperMs: helperMs, gitAskpassRatio: askpassMs / helperMs };
}
