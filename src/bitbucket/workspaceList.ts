/**
 * The account's workspaces from `GET /2.0/user/workspaces`, the endpoint Atlassian offers in place
 * of the cross-workspace ones it removed (`/2.0/workspaces`, `/2.0/user/permissions/workspaces`).
 *
 * Pure: no `vscode` import.
 */
import type { BitbucketError } from './errors';
import { isWorkspaceSlug } from './workspaceSlug';

/** Pages are followed up to these caps, so a server cannot keep the form waiting or fill it without end. */
export const workspaceListLimits = { maxPages: 10, maxWorkspaces: 500, pagelen: 100 } as const;

export type WorkspaceList =
  | {
      readonly status: 'listed';
      /** Valid slugs only, sorted, without duplicates. */
      readonly slugs: readonly string[];
      /** A cap was reached or a `next` link was refused: there may be more. */
      readonly truncated: boolean;
    }
  /** The credential lacks the scope that lists workspaces (403, or absent from `x-oauth-scopes`). */
  | { readonly status: 'missingScope'; readonly scope: string }
  | { readonly status: 'failed'; readonly error: BitbucketError };

/** The first page: sorted by slug (the one sort the endpoint supports), the largest page it allows. */
export function firstWorkspacePageUrl(apiBaseUrl: string): string {
  return `${apiBaseUrl}/user/workspaces?sort=slug&pagelen=${workspaceListLimits.pagelen}`;
}

/**
 * `next` is server data: it is followed only when it stays on the API origin (scheme, host and
 * port) and on the same path, with no user info, so the credentials never go anywhere else.
 */
export function followableNextUrl(next: string, apiBaseUrl: string): string | undefined {
  let url: URL;
  let first: URL;
  try {
    url = new URL(next);
    first = new URL(firstWorkspacePageUrl(apiBaseUrl));
  } catch {
    return undefined;
  }
  const sameTarget = url.origin === first.origin && url.pathname === first.pathname;
  return sameTarget && url.username === '' && url.password === '' ? url.href : undefined;
}

/** Adds one page's slugs to `slugs`, dropping any that is not a valid slug. */
export function addSlugs(slugs: Set<string>, values: readonly { workspace?: { slug?: unknown } | null }[] | undefined): void {
  for (const value of values ?? []) {
    const slug = value.workspace?.slug;
    if (isWorkspaceSlug(slug)) slugs.add(slug);
  }
}
