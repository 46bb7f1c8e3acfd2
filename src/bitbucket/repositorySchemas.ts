/**
 * Responses of the repository, pull request and pipeline endpoints the agent tools call, read
 * leniently to the Cloud spec (`paginated_repositories`, `pullrequest`, `paginated_diffstats`,
 * `pullrequest_comment`, `paginated_pipelines`, `paginated_pipeline_steps`): the spec requires
 * little beyond `type`, so nearly every field is optional, and unknown fields pass. Only the
 * fields the tools show are read.
 *
 * Pure: no `vscode` import.
 */
import * as z from 'zod/mini';

const text = z.optional(z.nullable(z.string()));
const count = z.optional(z.nullable(z.number()));
const flag = z.optional(z.nullable(z.boolean()));
const htmlLink = z.optional(z.nullable(z.object({ html: z.optional(z.nullable(z.object({ href: text }))) })));
const account = z.optional(z.nullable(z.object({ display_name: text, nickname: text })));

/** Every paginated answer: `values` and, when there are more, `next` (and `size` when cheap to count). */
export const pageOf = <T extends z.core.$ZodType>(item: T) =>
  z.object({ next: z.optional(z.string()), size: count, values: z.optional(z.array(item)) });

export const repositorySchema = z.object({
  full_name: text,
  name: text,
  description: text,
  is_private: flag,
  updated_on: text,
  mainbranch: z.optional(z.nullable(z.object({ name: text }))),
  links: htmlLink,
});

const endpoint = z.optional(z.nullable(z.object({ branch: z.optional(z.nullable(z.object({ name: text }))) })));

/** A pull request as a list shows it. Lists leave out the participants: naming them in `fields` would pull them in. */
export const pullRequestSummarySchema = z.object({
  id: z.number(),
  title: text,
  draft: flag,
  author: account,
  source: endpoint,
  destination: endpoint,
  links: htmlLink,
});
export type PullRequestSummary = z.infer<typeof pullRequestSummarySchema>;

export const pullRequestSchema = z.extend(pullRequestSummarySchema, {
  state: text,
  summary: z.optional(z.nullable(z.object({ raw: text }))),
  comment_count: count,
  task_count: count,
  participants: z.optional(z.nullable(z.array(z.object({ user: account, role: text, approved: flag, state: text })))),
});
export type PullRequest = z.infer<typeof pullRequestSchema>;

export const diffstatSchema = z.object({
  status: text,
  lines_added: count,
  lines_removed: count,
  old: z.optional(z.nullable(z.object({ path: text }))),
  new: z.optional(z.nullable(z.object({ path: text }))),
});

export const commentSchema = z.object({ id: z.number(), links: htmlLink });

const state = z.optional(
  z.nullable(z.object({ name: text, result: z.optional(z.nullable(z.object({ name: text }))), stage: z.optional(z.nullable(z.object({ name: text }))) })),
);

export const pipelineSchema = z.object({
  uuid: z.string(),
  build_number: count,
  state,
  trigger: z.optional(z.nullable(z.object({ name: text }))),
  target: z.optional(z.nullable(z.object({ ref_name: text, ref_type: text }))),
  created_on: text,
  completed_on: text,
  duration_in_seconds: count,
  build_seconds_used: count,
});
export type Pipeline = z.infer<typeof pipelineSchema>;

export const pipelineStepSchema = z.object({ uuid: z.string(), name: text, state });
export type PipelineStep = z.infer<typeof pipelineStepSchema>;
