import type { HubOptions } from "@hub/core";
import { HubApi as EdgeHubApi, installOperations } from "../hub-api.ts";
import type { NodeHubApiMethods } from "./hub-api.generated.ts";
import { nodeOperations } from "./operations.ts";

/** `HubApi` with the Node-only operations too (uploadFolder, cache downloads, git credentials). */
export interface HubApi extends NodeHubApiMethods {}

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
