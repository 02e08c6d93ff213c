import type { HubOptions } from "@hub/core";
import { getDatasetTags } from "./get-dataset-tags.ts";
import { getModelTags } from "./get-model-tags.ts";
import type { KnownDatasetTagKeys, KnownModelTagKeys } from "./known-tags.ts";
import { cleanLabel, type DatasetTags, type ModelTags, type TagEntry } from "./tag-catalog.ts";

/** `clean(label) -> id` for one tag type: known labels complete in editors, any label present works at run time. */
export type SearchArgumentMap<Known> = Readonly<Partial<Known>> & Readonly<Record<string, string>>;

/** Model search arguments: per tag type, cleaned labels mapped to tag ids. */
export type ModelSearchArguments = { readonly [Type in keyof KnownModelTagKeys]: SearchArgumentMap<KnownModelTagKeys[Type]> } & {
  readonly dataset: SearchArgumentMap<Record<never, never>>;
};

/** Dataset search arguments: per tag type, cleaned labels mapped to prefixed tag ids. */
export type DatasetSearchArguments = { readonly [Type in keyof KnownDatasetTagKeys]: SearchArgumentMap<KnownDatasetTagKeys[Type]> };

/** Builds `clean(label) -> id` for a list of tags (the id also maps to itself under its cleaned form). */
export function toArgumentMap(entries: readonly TagEntry[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const entry of entries) {
    map[cleanLabel(entry.label)] = entry.id;
    const bareId = entry.id.includes(":") ? entry.id.slice(entry.id.indexOf(":") + 1) : entry.id;
    map[cleanLabel(bareId)] ??= entry.id;
  }
  return map;
}

/** Search arguments from an already fetched model catalog (no request). */
export function toModelSearchArguments(tags: ModelTags): ModelSearchArguments {
  return {
    pipelineTag: toArgumentMap(tags.pipelineTag),
    library: toArgumentMap(tags.library),
    license: toArgumentMap(tags.license),
    language: toArgumentMap(tags.language),
    dataset: toArgumentMap(tags.dataset),
  } as ModelSearchArguments;
}

/** Search arguments from an already fetched dataset catalog (no request). */
export function toDatasetSearchArguments(tags: DatasetTags): DatasetSearchArguments {
  return {
    language: toArgumentMap(tags.language),
    multilinguality: toArgumentMap(tags.multilinguality),
    languageCreators: toArgumentMap(tags.languageCreators),
    taskCategories: toArgumentMap(tags.taskCategories),
    sizeCategories: toArgumentMap(tags.sizeCategories),
    benchmark: toArgumentMap(tags.benchmark),
    taskIds: toArgumentMap(tags.taskIds),
    license: toArgumentMap(tags.license),
  } as DatasetSearchArguments;
}

/**
 * Model search arguments built from the tag catalog only (one request, no listing of every repo).
 * @example const args = await modelSearchArguments(); listModels({ filter: { task: args.pipelineTag.TextClassification } });
 * @throws {HubValidationError} on bad options, before any request.
 * @throws {HubHttpError} when the Hub refuses.
 */
export async function modelSearchArguments(options: HubOptions = {}): Promise<ModelSearchArguments> {
  return toModelSearchArguments(await getModelTags(options));
}

/**
 * Dataset search arguments built from the tag catalog only (one request, no listing of every repo).
 * @example const args = await datasetSearchArguments(); listDatasets({ filter: args.language.en });
 * @throws {HubValidationError} on bad options, before any request.
 * @throws {HubHttpError} when the Hub refuses.
 */
export async function datasetSearchArguments(options: HubOptions = {}): Promise<DatasetSearchArguments> {
  return toDatasetSearchArguments(await getDatasetTags(options));
}
