import assert from 'node:assert/strict';
import { originsOf } from '../../../src/connection/origins';

describe('origins', () => {
  it('names the origins of the settings asked about, also when they change and change back', () => {
    const cloud = { apiBaseUrl: 'https://api.bitbucket.org/2.0', gitBaseUrl: 'https://bitbucket.org' };
    const local = { apiBaseUrl: 'http://127.0.0.1:8080/2.0', gitBaseUrl: 'https://git.example.com/scm' };
    const mcpUrl = 'https://mcp.example.com/v1/mcp';
    const cloudOrigins = { api: 'https://api.bitbucket.org', git: 'https://bitbucket.org', mcp: undefined };
    assert.deepEqual(originsOf(cloud), cloudOrigins);
    assert.deepEqual(originsOf(cloud, mcpUrl), { ...cloudOrigins, mcp: 'https://mcp.example.com' });
    assert.deepEqual(originsOf(local), { api: 'http://127.0.0.1:8080', git: 'https://git.example.com', mcp: undefined });
    assert.deepEqual(originsOf({ ...local, gitBaseUrl: cloud.gitBaseUrl }), { api: 'http://127.0.0.1:8080', git: 'https://bitbucket.org', mcp: undefined });
    assert.deepEqual(originsOf({ ...cloud, apiBaseUrl: local.apiBaseUrl }), { api: 'http://127.0.0.1:8080', git: 'https://bitbucket.org', mcp: undefined });
    assert.deepEqual(originsOf(cloud), cloudOrigins);
  });
});
