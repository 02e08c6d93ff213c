import * as v from "valibot";

/** `"model"`, `"dataset"` or `"space"`. */
export const RepoTypeSchema = v.picklist(["model", "dataset", "space"], 'must be "model", "dataset" or "space"');
