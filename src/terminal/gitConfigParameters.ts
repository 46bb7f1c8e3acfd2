/**
 * `GIT_CONFIG_PARAMETERS` is where `git -c key=value` passes its settings to the git commands it
 * runs. git reads it after `GIT_CONFIG_*`, so a `credential.helper` inherited in it would be asked
 * to store the token our helper just gave (reproduced with `git credential approve`). An agent
 * environment keeps the inherited entries but its `credential.*` ones.
 *
 * Pure: no `vscode` import.
 */

export const gitConfigParametersVariable = 'GIT_CONFIG_PARAMETERS';

/** One entry as git wrote it (kept byte for byte), and its key. */
interface Parameter {
  readonly raw: string;
  readonly key: string;
}

/**
 * The value to set instead of the inherited one, or `undefined` when it needs no change. Entries
 * git could not parse make git refuse to run at all, so a value we cannot read is emptied.
 */
export function gitConfigParametersWithoutCredentials(inheritedEnv: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const inherited = inheritedEnv[gitConfigParametersVariable];
  if (inherited === undefined) return {};
  const parameters = parseParameters(inherited);
  if (!parameters) return { [gitConfigParametersVariable]: '' };
  const kept = parameters.filter((parameter) => !/^credential\./i.test(parameter.key));
  if (kept.length === parameters.length) return {};
  return { [gitConfigParametersVariable]: kept.map((parameter) => parameter.raw).join(' ') };
}

/**
 * git's two forms, each word shell-quoted (`'` written as `'\''`, `!` as `'\!'`): `'key'='value'`
 * (git 2.31+), `'key=value'` (older) and `'key'` (no value).
 */
function parseParameters(text: string): Parameter[] | undefined {
  const parameters: Parameter[] = [];
  let at = 0;
  const readQuoted = (): string | undefined => {
    if (text[at] !== "'") return undefined;
    let word = '';
    at++;
    for (;;) {
      const end = text.indexOf("'", at);
      if (end < 0) return undefined;
      word += text.slice(at, end);
      at = end + 1;
      const escaped = text[at + 1];
      if (text[at] !== '\\' || (escaped !== "'" && escaped !== '!') || text[at + 2] !== "'") return word;
      word += escaped;
      at += 3;
    }
  };
  for (;;) {
    while (/\s/.test(text[at] ?? '')) at++;
    if (at >= text.length) return parameters;
    const start = at;
    const first = readQuoted();
    if (first === undefined) return undefined;
    let key = first;
    if (text[at] === '=') {
      at++;
      if (readQuoted() === undefined) return undefined;
    } else {
      key = first.split('=')[0] ?? '';
    }
    if (at < text.length && !/\s/.test(text[at] ?? '')) return undefined;
    parameters.push({ raw: text.slice(start, at), key });
  }
}
