#!/usr/bin/env node
// Writes an extract of one of Atlassian's Bitbucket OpenAPI specs into test/fakes/openapi/: the
// operations and schemas listed below, and every schema they reach through $ref, so the fakes'
// conformance tests need nothing outside the repository.
// Usage:
//   node scripts/extract-openapi.mjs <path to cloud.swagger.v3.json>
//     -> test/fakes/openapi/bitbucket-cloud.json (Bitbucket Cloud REST API 2.0)
//   node scripts/extract-openapi.mjs --datacenter <path to datacenter.swagger.v3.json>
//     -> test/fakes/openapi/bitbucket-datacenter.json (Bitbucket Data Center REST API; the spec's
//        server is `http://{baseurl}/rest`, so its path `/api/latest/users/{userSlug}` is served at
//        `<server>/rest/api/latest/users/{userSlug}`)
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = '/repositories/{workspace}/{repo_slug}';
const CLOUD = {
  out: 'bitbucket-cloud.json',
  source: "Atlassian's published Bitbucket Cloud REST API 2.0 spec (OpenAPI 3)",
  /** `path` for a GET, `METHOD path` for another method. */
  operations: [
    '/user',
    '/user/workspaces',
    '/user/workspaces/{workspace}/permission',
    '/workspaces/{workspace}',
    // The agent tools (src/tools).
    '/repositories/{workspace}',
    // A repository access token proves itself by reading its repository (issue 24).
    REPO,
    `${REPO}/pullrequests`,
    `POST ${REPO}/pullrequests`,
    `${REPO}/pullrequests/{pull_request_id}`,
    `${REPO}/pullrequests/{pull_request_id}/diffstat`,
    `${REPO}/diffstat/{spec}`,
    `POST ${REPO}/pullrequests/{pull_request_id}/comments`,
    `${REPO}/pipelines`,
    `${REPO}/pipelines/{pipeline_uuid}`,
    `${REPO}/pipelines/{pipeline_uuid}/steps`,
    `${REPO}/pipelines/{pipeline_uuid}/steps/{step_uuid}/log`,
  ],
  // The subtypes a `type` picks (the spec names them only through its discriminator).
  schemas: [
    'user',
    'workspace',
    'participant',
    'pipeline_ref_target',
    'pipeline_trigger_push',
    'pipeline_state_completed',
    'pipeline_state_completed_failed',
    'pipeline_state_completed_successful',
    'pipeline_step_state_completed',
    'pipeline_step_state_completed_failed',
    'pipeline_step_state_completed_successful',
  ],
};
// What identifies a Data Center token and its server (issue 24).
const DATACENTER = {
  out: 'bitbucket-datacenter.json',
  source: "Atlassian's published Bitbucket Data Center REST API spec (OpenAPI 3)",
  operations: [
    '/api/latest/application-properties',
    '/api/latest/projects',
    '/api/latest/projects/{projectKey}',
    '/api/latest/users/{userSlug}',
    '/api/latest/projects/{projectKey}/repos/{repositorySlug}',
  ],
  // The spec writes most error bodies inline; RestErrors is their named shape.
  schemas: ['RestErrors'],
};
const SCHEMA_PREFIX = '#/components/schemas/';

const args = process.argv.slice(2);
const target = args[0] === '--datacenter' ? DATACENTER : CLOUD;
const source = args[0] === '--datacenter' ? args[1] : args[0];
if (!source) {
  console.error('usage: node scripts/extract-openapi.mjs [--datacenter] <cloud.swagger.v3.json | datacenter.swagger.v3.json>');
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
for (const operation of target.operations) {
  const [method, p] = operation.startsWith('/') ? ['get', operation] : [operation.split(' ')[0].toLowerCase(), operation.split(' ')[1]];
  const found = spec.paths[p]?.[method];
  if (!found) throw new Error(`the spec has no ${method.toUpperCase()} ${p}`);
  const kept = { responses: found.responses };
  if (found.requestBody) kept.requestBody = found.requestBody;
  paths[p] = { ...paths[p], [method]: kept };
}
const names = [...collectSchemas([paths, target.schemas.map((name) => ({ $ref: `${SCHEMA_PREFIX}${name}` }))])].sort();
const extract = {
  openapi: spec.openapi,
  info: {
    title: `${spec.info.title} (extract)`,
    version: spec.info.version,
    'x-extracted-from': {
      source: target.source,
      file: path.basename(source),
      sha256: createHash('sha256').update(raw).digest('hex'),
      date: new Date().toISOString().slice(0, 10),
      by: 'scripts/extract-openapi.mjs',
    },
  },
  ...(spec.servers ? { servers: spec.servers } : {}),
  paths,
  components: { schemas: Object.fromEntries(names.map((name) => [name, spec.components.schemas[name]])) },
};
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(repoRoot, 'test', 'fakes', 'openapi', target.out);
writeFileSync(out, `${JSON.stringify(extract, null, 2)}\n`);
console.log(`${path.relative(repoRoot, out)}: ${target.operations.length} operations, ${names.length} schemas`);
