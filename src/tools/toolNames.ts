/**
 * The tools' names: a contract (prompts and other extensions use them), declared in package.json
 * under `languageModelTools`. Registered at activation from this list alone, so it imports nothing.
 */
export const readToolNames = [
  'bitbucket_list_repositories',
  'bitbucket_list_pull_requests',
  'bitbucket_get_pull_request',
  'bitbucket_list_pipelines',
  'bitbucket_get_pipeline_failure',
] as const;

/** These change something in Bitbucket: VS Code asks the user first (prepareInvocation). */
export const writeToolNames = ['bitbucket_create_pull_request', 'bitbucket_comment_on_pull_request'] as const;

export const toolNames = [...readToolNames, ...writeToolNames] as const;
