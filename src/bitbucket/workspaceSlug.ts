/**
 * Bitbucket workspace slugs: lowercase letters, digits, "-", "_" and ".", at most 62 characters,
 * never starting with "." (so never "." or ".."), which a URL path or a file path would read as
 * a step up or in place.
 */
const workspaceSlugPattern = /^[a-z0-9_-][a-z0-9_.-]{0,61}$/;

/**
 * Whether `value` can be used as a workspace slug: in a URL path, a form, an environment variable.
 * Slugs from the server, a git remote or an older stored profile are checked with this before any use.
 */
export function isWorkspaceSlug(value: unknown): value is string {
  return typeof value === 'string' && workspaceSlugPattern.test(value);
}

/**
 * Repository slugs as Bitbucket makes them: letters, digits, "-", "_" and ".", never "." or "..",
 * so never a path step or a query in a URL.
 */
export function isRepositorySlug(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_.-]{1,100}$/.test(value) && !/^\.+$/.test(value);
}
