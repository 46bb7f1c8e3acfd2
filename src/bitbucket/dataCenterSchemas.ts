/**
 * The parts of Bitbucket Data Center's REST answers the connection reads, to its REST spec
 * (test/fakes/openapi/bitbucket-datacenter.json). Everything but what decides is optional.
 */
import * as z from 'zod/mini';

/** `GET /rest/api/latest/application-properties` (RestApplicationProperties). */
export const applicationPropertiesSchema = z.object({
  version: z.string(),
  displayName: z.optional(z.string()),
  buildNumber: z.optional(z.string()),
});

/** `GET /rest/api/latest/users/{userSlug}` (RestApplicationUser): `SERVICE` is a project or repository token's user. */
export const dataCenterUserSchema = z.object({
  slug: z.string(),
  name: z.optional(z.string()),
  displayName: z.optional(z.string()),
  emailAddress: z.optional(z.string()),
  type: z.optional(z.enum(['NORMAL', 'SERVICE'])),
});

/** `GET /rest/api/latest/projects` (a page of RestProject). */
export const projectPageSchema = z.object({
  values: z.array(z.object({ key: z.string() })),
});

/** `GET /rest/api/latest/projects/{projectKey}` (RestProject). */
export const projectSchema = z.object({ key: z.string(), name: z.optional(z.string()) });

/** Data Center's errors (RestErrors): `{"errors":[{"message":…}]}`. */
export const dataCenterErrorsSchema = z.object({
  errors: z.array(z.object({ message: z.optional(z.nullable(z.string())) })),
});
