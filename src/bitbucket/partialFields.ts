/**
 * Bitbucket Cloud's partial responses (`?fields=`, the REST guide's "Partial responses"): a read
 * names the fields its schema parses, and Bitbucket sends only those. A full answer also embeds
 * rendered HTML, dozens of links and whole repository, commit and user objects: a list of 25 pull
 * requests runs to tens of kilobytes, of which the tools show a few lines.
 *
 * Pure: no `vscode` import.
 */
import type * as z from 'zod/mini';

const fieldsBySchema = new WeakMap<z.core.$ZodType, string>();

/** `url` with `fields` naming what `schema` parses, unless it names some already (a `next` page keeps the first page's). */
export function withFields(url: string, schema: z.core.$ZodType): string {
  if (/[?&]fields=/.test(url)) return url;
  let fields = fieldsBySchema.get(schema);
  if (fields === undefined) {
    fields = encodeURIComponent(fieldPaths(schema).join(','));
    fieldsBySchema.set(schema, fields);
  }
  return `${url}${url.includes('?') ? '&' : '?'}fields=${fields}`;
}

/**
 * The dotted path of every leaf `schema` reads, through optional, nullable and array wrappers
 * (`author.display_name`, `participants.user.nickname`). A field of any other kind is asked for whole.
 */
export function fieldPaths(schema: z.core.$ZodType, prefix = ''): string[] {
  const def = schema._zod.def;
  if (def.type === 'optional' || def.type === 'nullable') return fieldPaths((def as z.core.$ZodOptionalDef).innerType, prefix);
  if (def.type === 'array') return fieldPaths((def as z.core.$ZodArrayDef).element, prefix);
  const shape = def.type === 'object' ? Object.entries((def as z.core.$ZodObjectDef).shape) : [];
  if (shape.length === 0) return prefix === '' ? [] : [prefix];
  return shape.flatMap(([key, field]) => fieldPaths(field, prefix === '' ? key : `${prefix}.${key}`));
}
