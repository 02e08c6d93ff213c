import type { HubOptions } from "@hub/core";
import { type BoundOperations, HubApi as EdgeHubApi, installOperations } from "../hub-api.ts";
import { nodeOperations, type NodeOperations } from "./operations.ts";

/** `HubApi` with the Node-only operations too (uploadFolder, cache downloads, git credentials). */
export interface HubApi extends BoundOperations<NodeOperations> {}

/**
 * The Node flavour of `HubApi`: every method of the edge-safe client plus the Node-only
 * operations. Options left out are resolved from `HF_TOKEN`, the token file and `HF_ENDPOINT`.
 * @example
 * import { HubApi } from "@hub/sdk/node";
 * const hub = new HubApi();
 * const folder = await hub.snapshotDownload({ repoId: "alice/demo" });
 */
export class HubApi extends EdgeHubApi {
  constructor(options: HubOptions = {}) {
    super(options);
    installOperations(HubApi.prototype, nodeOperations);
  }
}
