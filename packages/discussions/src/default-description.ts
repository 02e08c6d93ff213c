/** Description of discussions opened without one. */
export const DEFAULT_DISCUSSION_DESCRIPTION = "Discussion opened with the @hub TypeScript SDK";

/** Description of pull requests opened without one. */
export const DEFAULT_PULL_REQUEST_DESCRIPTION = "Pull Request opened with the @hub TypeScript SDK";
