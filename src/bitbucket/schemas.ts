import * as z from 'zod/mini';

/**
 * `GET /2.0/user`. The spec's `account` requires only `type`, so every other field is optional;
 * `has_2fa_enabled` is `null` in real responses, and `username` is still sent on this endpoint.
 */
export const currentUserSchema = z.object({
  type: z.string(),
  display_name: z.optional(z.nullable(z.string())),
  username: z.optional(z.nullable(z.string())),
  nickname: z.optional(z.nullable(z.string())),
  account_id: z.optional(z.nullable(z.string())),
  uuid: z.optional(z.nullable(z.string())),
  has_2fa_enabled: z.optional(z.nullable(z.boolean())),
});
export type CurrentUser = z.infer<typeof currentUserSchema>;

/** `GET /2.0/user/workspaces/{workspace}/permission`: a `workspace_membership`, told apart by its type. */
export const workspaceMembershipSchema = z.object({
  type: z.literal('workspace_membership'),
  permission: z.optional(z.nullable(z.string())),
  workspace: z.optional(
    z.nullable(z.object({ slug: z.optional(z.string()), name: z.optional(z.nullable(z.string())) })),
  ),
});

/**
 * Error bodies, parsed leniently: the spec forbids extra keys inside `error`, but real ones carry
 * `fields` and `id`, and some answers have no JSON body at all.
 */
export const errorBodySchema = z.object({
  error: z.object({
    message: z.optional(z.string()),
    detail: z.optional(z.nullable(z.string())),
    data: z.optional(z.nullable(z.object({ announcement_url: z.optional(z.string()) }))),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

export function parseErrorBody(bodyText: string): ErrorBody['error'] | undefined {
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(bodyText));
    return parsed.success ? parsed.data.error : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One page of `GET /2.0/user/workspaces`: a `paginated_workspace_access` of `workspace_access`
 * items, each with a `workspace_base` (`slug`, `uuid`, `links`). Items are read leniently here;
 * their slugs are checked one by one (workspaceList.ts).
 */
export const workspaceAccessPageSchema = z.object({
  next: z.optional(z.string()),
  values: z.optional(z.array(z.object({ workspace: z.optional(z.nullable(z.object({ slug: z.optional(z.unknown()) }))) }))),
});
