import * as v from "valibot";

function createRepoTypeSchema() {
  return v.picklist(["model", "dataset", "space"], 'must be "model", "dataset" or "space"');
}

/** `"model"`, `"dataset"` or `"space"`. */
export const RepoTypeSchema = /* @__PURE__ */ createRepoTypeSchema();
