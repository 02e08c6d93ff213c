import * as v from "valibot";
import type { RepoType } from "../repo-type.ts";

// `custom` (already in every operation's bundle through HubOptionsEntries) rather than `picklist`.
function createRepoTypeSchema() {
  return v.custom<RepoType>((type) => type === "model" || type === "dataset" || type === "space", 'must be "model", "dataset" or "space"');
}

/** `"model"`, `"dataset"` or `"space"`. */
export const RepoTypeSchema = /* @__PURE__ */ createRepoTypeSchema();
