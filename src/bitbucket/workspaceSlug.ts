/** Bitbucket workspace slugs: lowercase letters, digits, "-", "_" and ".", at most 62 characters. */
const workspaceSlugPattern = /^[a-z0-9_.-]{1,62}$/;

/**
 * Whether `value` can be used as a workspace slug: in a URL path, a form, an environment variable.
 * Slugs from the server or a git remote are checked with this before any use.
 */
export function isWorkspaceSlug(value: unknown): value is string {
  return typeof value === 'string' && workspaceSlugPattern.test(value);
}
