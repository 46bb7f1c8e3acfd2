/**
 * The tools' inputs, with Bitbucket's names. package.json declares the same as JSON schema for
 * the model; these check what actually arrives, which is the model's (or a caller's) choice.
 *
 * Pure: no `vscode` import.
 */
import * as z from 'zod/mini';
import { isWorkspaceSlug } from '../bitbucket/workspaceSlug';

const workspace = z.optional(z.string().check(z.refine((value) => isWorkspaceSlug(value), 'not a Bitbucket workspace slug')));
const repository = z.optional(z.string().check(z.regex(/^[A-Za-z0-9._-]{1,128}$/, 'not a repository slug')));
// What git accepts in a branch name, give or take: no spaces, controls or the characters git forbids.
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const branch = z.string().check(z.regex(/^(?!-)[^\s\u0000-\u001f\u007f~^:?*[\\]{1,255}$/, 'not a branch name'));
const id = z.number().check(z.int(), z.positive());
/** Which connection (toolAccount.ts): its Accounts menu label, display name, username or email. */
const account = z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200)));

const inRepository = { account, workspace, repository };

export const toolInputs = {
  bitbucket_list_repositories: z.object({ account, workspace, name: z.optional(z.string().check(z.minLength(1), z.maxLength(100))) }),
  bitbucket_list_pull_requests: z.object({ ...inRepository, state: z.optional(z.enum(['OPEN', 'MERGED', 'DECLINED', 'SUPERSEDED'])) }),
  bitbucket_get_pull_request: z.object({ ...inRepository, id }),
  bitbucket_create_pull_request: z.object({
    ...inRepository,
    title: z.string().check(z.trim(), z.minLength(1), z.maxLength(255)),
    source_branch: branch,
    destination_branch: z.optional(branch),
    description: z.optional(z.string().check(z.maxLength(20000))),
    close_source_branch: z.optional(z.boolean()),
    draft: z.optional(z.boolean()),
  }),
  bitbucket_comment_on_pull_request: z.object({ ...inRepository, id, content: z.string().check(z.trim(), z.minLength(1), z.maxLength(20000)) }),
  bitbucket_list_pipelines: z.object({ ...inRepository, branch: z.optional(branch) }),
  bitbucket_get_pipeline_failure: z.object({
    ...inRepository,
    pipeline_uuid: z.optional(z.string().check(z.regex(/^\{?[0-9a-fA-F-]{36}\}?$/, 'not a pipeline UUID'))),
    branch: z.optional(branch),
  }),
} as const;

export type ToolName = keyof typeof toolInputs;
export type ToolInput<N extends ToolName> = z.infer<(typeof toolInputs)[N]>;
export type RepositoryInput = { readonly workspace?: string | undefined; readonly repository?: string | undefined };
