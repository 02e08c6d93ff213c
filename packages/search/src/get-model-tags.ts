import { type HubOptions, hubRequest } from "@hub/core";
import { HubOptionsSchema, parse } from "@hub/core/internal";
import { type ModelTags, toTagLists } from "./tag-catalog.ts";

/** Parameters of `getModelTags`. */
export type GetModelTagsParams = HubOptions;

/**
 * Reads the catalog of model tags (pipeline tags, libraries, languages, licenses, datasets).
 * @example const tags = await getModelTags(); tags.pipelineTag.map((tag) => tag.id);
 * @throws {HubValidationError} on bad options, before any request.
 * @throws {HubHttpError} when the Hub refuses.
 */
export async function getModelTags(params: GetModelTagsParams = {}): Promise<ModelTags> {
  const options = parse(HubOptionsSchema, params);
  const raw = toTagLists(await hubRequest(options, { path: "/api/models-tags-by-type" }));
  return {
    pipelineTag: raw.pipeline_tag ?? [],
    library: raw.library ?? [],
    language: raw.language ?? [],
    license: raw.license ?? [],
    dataset: raw.dataset ?? [],
    raw,
  };
}
