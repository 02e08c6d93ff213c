import { type HubOptions, hubRequest } from "@hub/core";
import { HubOptionsSchema, parse } from "@hub/core/internal";
import { type DatasetTags, toTagLists } from "./tag-catalog.ts";

/** Parameters of `getDatasetTags`. */
export type GetDatasetTagsParams = HubOptions;

/**
 * Reads the catalog of dataset tags; ids carry their type prefix (`language:en`, `task_categories:...`).
 * @example const tags = await getDatasetTags(); tags.language.map((tag) => tag.id);
 * @throws {HubValidationError} on bad options, before any request.
 * @throws {HubHttpError} when the Hub refuses.
 */
export async function getDatasetTags(params: GetDatasetTagsParams = {}): Promise<DatasetTags> {
  const options = parse(HubOptionsSchema, params);
  const raw = toTagLists(await hubRequest(options, { path: "/api/datasets-tags-by-type" }));
  return {
    language: raw.language ?? [],
    multilinguality: raw.multilinguality ?? [],
    languageCreators: raw.language_creators ?? [],
    taskCategories: raw.task_categories ?? [],
    sizeCategories: raw.size_categories ?? [],
    benchmark: raw.benchmark ?? [],
    taskIds: raw.task_ids ?? [],
    license: raw.license ?? [],
    raw,
  };
}
