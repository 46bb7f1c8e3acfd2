/**
 * `GET /2.0/user/workspaces` for the fake Bitbucket (test code only): a `paginated_workspace_access`
 * of `workspace_access` items, sorted by slug, `pagelen` items a page (Bitbucket's default 10, at
 * most `maxPagelen`), `page` from 1, with `next` and `previous` links on the fake's own origin.
 */
import { derivedUuid, type FakeAccount } from './fakeBitbucketBodies';

type Json = Record<string, unknown>;

export const DEFAULT_PAGELEN = 10;

/** One `workspace_access`: the spec's `workspace_base` has only `type`, `uuid`, `slug` and links to itself and its avatar. */
export function workspaceAccessBody(a: FakeAccount, slug: string, apiBaseUrl: string): Json {
  const origin = new URL(apiBaseUrl).origin;
  return {
    type: 'workspace_access',
    administrator: a.workspaces[slug] === 'owner',
    workspace: {
      type: 'workspace_base',
      uuid: derivedUuid(`workspace:${slug}`),
      slug,
      links: {
        self: { href: `${apiBaseUrl}/workspaces/${encodeURIComponent(slug)}` },
        avatar: { href: `${origin}/workspaces/${encodeURIComponent(slug)}/avatar/` },
      },
    },
  };
}

export type WorkspacePage = { status: 200; body: Json } | { status: 400; message: string };

/** The page that `requestUrl` (path and query, as received) asks for. */
export function workspacePage(a: FakeAccount, requestUrl: string, apiBaseUrl: string, maxPagelen: number): WorkspacePage {
  const url = new URL(requestUrl, apiBaseUrl);
  const page = Number(url.searchParams.get('page') ?? '1');
  const pagelen = Number(url.searchParams.get('pagelen') ?? String(DEFAULT_PAGELEN));
  if (!Number.isInteger(page) || page < 1) return { status: 400, message: 'Invalid page' };
  if (!Number.isInteger(pagelen) || pagelen < 1) return { status: 400, message: 'Invalid pagelen' };
  const size = Math.min(pagelen, maxPagelen);
  const slugs = Object.keys(a.workspaces).sort();
  const start = (page - 1) * size;
  const body: Json = {
    pagelen: size,
    page,
    size: slugs.length,
    values: slugs.slice(start, start + size).map((slug) => workspaceAccessBody(a, slug, apiBaseUrl)),
  };
  const link = (to: number): string => {
    const other = new URL(`${apiBaseUrl}/user/workspaces`);
    other.search = url.search;
    other.searchParams.set('page', String(to));
    return other.href;
  };
  if (start + size < slugs.length) body['next'] = link(page + 1);
  if (page > 1) body['previous'] = link(page - 1);
  return { status: 200, body };
}
