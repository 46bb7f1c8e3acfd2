// package.json declares the tools and their JSON-schema inputs for VS Code and the model; zod
// checks what arrives (src/tools/toolInputs.ts). This keeps the two the same.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { toolInputs } from '../../../src/tools/toolInputs';
import { readToolNames, toolNames, writeToolNames } from '../../../src/tools/toolNames';
import { repoRoot } from '../../support/repoRoot';

interface DeclaredTool {
  name: string;
  displayName: string;
  modelDescription: string;
  userDescription: string;
  inputSchema: { properties: Record<string, unknown>; required?: string[]; additionalProperties: boolean };
}

describe('the tools package.json declares', () => {
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { contributes: { languageModelTools: DeclaredTool[] } };
  const nls = JSON.parse(readFileSync(path.join(repoRoot, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const declared = manifest.contributes.languageModelTools;

  it('are exactly the ones registered, read and write', () => {
    assert.deepEqual(declared.map((tool) => tool.name).sort(), [...toolNames].sort());
    assert.deepEqual(Object.keys(toolInputs).sort(), [...toolNames].sort());
    assert.equal(readToolNames.length + writeToolNames.length, 7);
  });

  it('have the same input fields and required fields as the zod schemas, and localised names', () => {
    for (const tool of declared) {
      const shape = toolInputs[tool.name as keyof typeof toolInputs].def.shape as Record<string, { def: { type: string } }>;
      assert.deepEqual(Object.keys(tool.inputSchema.properties).sort(), Object.keys(shape).sort(), tool.name);
      const required = Object.entries(shape).filter(([, field]) => field.def.type !== 'optional').map(([key]) => key);
      assert.deepEqual([...(tool.inputSchema.required ?? [])].sort(), required.sort(), tool.name);
      assert.equal(tool.inputSchema.additionalProperties, false);
      for (const key of [tool.displayName, tool.userDescription]) assert.ok(nls[key.slice(1, -1)], `${tool.name}: ${key} in package.nls.json`);
      assert.ok(tool.modelDescription.length > 40);
    }
  });
});
