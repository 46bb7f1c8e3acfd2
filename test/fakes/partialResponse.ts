/**
 * Bitbucket Cloud's partial responses, as the REST guide's "Partial responses" describes them
 * (test code only): `fields` is a comma-separated list of dotted paths; `-path` removes, `+path`
 * adds, and a path with neither keeps only what such paths name. `*` stands for every field at its
 * level, and a path goes through an array to each of its items (`values.id`). The fake answers in
 * full by default, so `+` adds back only what an earlier term removed.
 */
type Json = unknown;
type Container = Record<string, Json> | Json[];

const isContainer = (value: Json): value is Container => typeof value === 'object' && value !== null;

/** `body` as Bitbucket would answer it for `fields` (`null`: the parameter is absent). */
export function partialResponse(body: Json, fields: string | null): Json {
  if (fields === null || !isContainer(body)) return body;
  const terms = fields.split(',').map((term) => term.trim()).filter((term) => term !== '');
  const keepOnly = terms.some((term) => !term.startsWith('-') && !term.startsWith('+'));
  const result: Container = keepOnly ? emptyLike(body) : structuredClone(body);
  for (const term of terms) {
    if (term.startsWith('-')) remove(result, term.slice(1).split('.'));
    else include(result, body, (term.startsWith('+') ? term.slice(1) : term).split('.'));
  }
  return result;
}

const emptyLike = (value: Container): Container => (Array.isArray(value) ? [] : {});

function keysAt(source: Record<string, Json>, key: string): string[] {
  return key === '*' ? Object.keys(source) : Object.hasOwn(source, key) ? [key] : [];
}

function include(target: Container, source: Container, path: readonly string[]): void {
  if (Array.isArray(source)) {
    const items = target as Json[];
    source.forEach((item, index) => {
      if (!isContainer(item)) return;
      items[index] ??= emptyLike(item);
      include(items[index] as Container, item, path);
    });
    return;
  }
  const [key, ...rest] = path;
  const into = target as Record<string, Json>;
  for (const name of keysAt(source, key)) {
    const value = source[name];
    if (rest.length === 0 || !isContainer(value)) {
      into[name] = structuredClone(value);
    } else {
      if (!isContainer(into[name])) into[name] = emptyLike(value);
      include(into[name] as Container, value, rest);
    }
  }
}

function remove(target: Container, path: readonly string[]): void {
  if (Array.isArray(target)) {
    for (const item of target) if (isContainer(item)) remove(item, path);
    return;
  }
  const [key, ...rest] = path;
  for (const name of keysAt(target, key)) {
    const value = target[name];
    if (rest.length === 0) delete target[name];
    else if (isContainer(value)) remove(value, rest);
  }
}
