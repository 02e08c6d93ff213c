import type { HubOptions } from "@hub/core";

/** Designates one Space: `repoId` is `"namespace/name"` (or `"name"`), without the `spaces/` prefix. */
export interface SpaceParams extends HubOptions {
  /** The Space, e.g. `"alice/demo"`. */
  repoId: string;
}
