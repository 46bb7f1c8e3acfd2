/**
 * Validates bodies against a vendored OpenAPI extract in test/fakes/openapi (made by
 * scripts/extract-openapi.mjs), for the fakes' conformance tests.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { repoRoot } from './repoRoot';

type Content = Record<string, { schema?: object }>;
interface Operation {
  responses: Record<string, { content?: Content }>;
  requestBody?: { content: Content };
}
export interface OpenApiDoc {
  paths: Record<string, Record<string, Operation>>;
}

export interface OpenApiExtract {
  readonly spec: OpenApiDoc;
  /** The JSON schema of the answer to `method path` with `status` (inline or a $ref). */
  readonly schemaFor: (specPath: string, status: string, method?: string) => ValidateFunction;
  /** A named schema of components/schemas. */
  readonly component: (name: string) => ValidateFunction;
  /** Fails with ajv's reasons and the body when `body` does not fit. */
  readonly assertValid: (validate: ValidateFunction, body: unknown) => void;
}

/** Loads `test/fakes/openapi/<fileName>`, for example `bitbucket-cloud.json`. */
export function loadOpenApiExtract(fileName: string): OpenApiExtract {
  const spec = JSON.parse(fs.readFileSync(path.join(repoRoot, 'test', 'fakes', 'openapi', fileName), 'utf8')) as OpenApiDoc;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(spec, 'spec');
  const pointer = (...parts: string[]): string => parts.map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
  const byRef = (ref: string, what: string): ValidateFunction => {
    const validate = ajv.getSchema(`spec${ref}`);
    assert.ok(validate, `no schema for ${what}`);
    return validate;
  };
  return {
    spec,
    schemaFor: (specPath, status, method = 'get') => {
      const what = `${method.toUpperCase()} ${specPath} ${status}`;
      assert.ok(spec.paths[specPath]?.[method]?.responses[status]?.content?.['application/json']?.schema, `no schema for ${what}`);
      return byRef(`#/${pointer('paths', specPath, method, 'responses', status, 'content', 'application/json', 'schema')}`, what);
    },
    component: (name) => byRef(`#/components/schemas/${name}`, `schema ${name}`),
    assertValid: (validate, body) => assert.ok(validate(body), `${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 500)}`),
  };
}
