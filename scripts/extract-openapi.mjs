#!/usr/bin/env node
// Writes test/fakes/openapi/bitbucket-cloud.json: the part of Atlassian's Bitbucket Cloud OpenAPI
// spec that the fake server is checked against (the GET operations and schemas below, and every
// schema they reach through $ref), so the tests need nothing outside the repository.
// Usage: node scripts/extract-openapi.mjs <path to cloud.swagger.v3.json>
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PATHS = ['/user', '/user/workspaces', '/user/workspaces/{workspace}/permission', '/workspaces/{workspace}'];
const SCHEMAS = ['user', 'workspace'];
const SCHEMA_PREFIX = '#/components/schemas/';

const source = process.argv[2];
if (!source) {
  console.error('usage: node scripts/extract-openapi.mjs <cloud.swagger.v3.json>');
  process.exit(2);
}
const raw = readFileSync(source);
const spec = JSON.parse(raw.toString('utf8'));

/** Every components/schemas name that `value` reaches, following $refs through the spec. */
function collectSchemas(value, found = new Set()) {
  if (Array.isArray(value)) {
    for (const item of value) collectSchemas(item, found);
  } else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string' && child.startsWith(SCHEMA_PREFIX)) {
        const name = child.slice(SCHEMA_PREFIX.length);
        if (!found.has(name)) {
          found.add(name);
          collectSchemas(spec.components.schemas[name], found);
        }
      } else {
        collectSchemas(child, found);
      }
    }
  }
  return found;
}

const paths = {};
for (const p of PATHS) {
  const get = spec.paths[p]?.get;
  if (!get) throw new Error(`the spec has no GET ${p}`);
  paths[p] = { get: { responses: get.responses } };
}
const names = [...collectSchemas([paths, SCHEMAS.map((name) => ({ $ref: `${SCHEMA_PREFIX}${name}` }))])].sort();
const extract = {
  openapi: spec.openapi,
  info: {
    title: `${spec.info.title} (extract)`,
    version: spec.info.version,
    'x-extracted-from': {
      source: "Atlassian's published Bitbucket Cloud REST API 2.0 spec (OpenAPI 3)",
      file: path.basename(source),
      sha256: createHash('sha256').update(raw).digest('hex'),
      date: new Date().toISOString().slice(0, 10),
      by: 'scripts/extract-openapi.mjs',
    },
  },
  paths,
  components: { schemas: Object.fromEntries(names.map((name) => [name, spec.components.schemas[name]])) },
};
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(repoRoot, 'test', 'fakes', 'openapi', 'bitbucket-cloud.json');
writeFileSync(out, `${JSON.stringify(extract, null, 2)}\n`);
console.log(`${path.relative(repoRoot, out)}: ${PATHS.length} operations, ${names.length} schemas`);
