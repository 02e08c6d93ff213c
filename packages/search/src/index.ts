export { listModels } from "./list-models.ts";
export type { ListModelsParams } from "./list-models.ts";
export { listDatasets } from "./list-datasets.ts";
export type { ListDatasetsParams } from "./list-datasets.ts";
export { listSpaces } from "./list-spaces.ts";
export type { ListSpacesParams } from "./list-spaces.ts";
export type { ListReposParams, ListSort } from "./list-params.ts";
export { toDatasetListItem, toModelListItem, toSpaceListItem } from "./list-items.ts";
export type { DatasetListItem, ListedFile, ModelListItem, RepoListItem, SpaceListItem } from "./list-items.ts";
export { modelFilterToQuery } from "./model-filter.ts";
export type { FilterQuery, ModelFilter, OneOrMany } from "./model-filter.ts";
export { datasetFilterToQuery } from "./dataset-filter.ts";
export type { DatasetFilter } from "./dataset-filter.ts";
export { cardEmissions } from "./emissions.ts";
export { getModelTags } from "./get-model-tags.ts";
export type { GetModelTagsParams } from "./get-model-tags.ts";
export { getDatasetTags } from "./get-dataset-tags.ts";
export type { GetDatasetTagsParams } from "./get-dataset-tags.ts";
export { cleanLabel } from "./tag-catalog.ts";
export type { DatasetTags, ModelTags, TagEntry } from "./tag-catalog.ts";
export { datasetSearchArguments, modelSearchArguments, toDatasetSearchArguments, toModelSearchArguments } from "./search-arguments.ts";
export type { DatasetSearchArguments, ModelSearchArguments, SearchArgumentMap } from "./search-arguments.ts";
export type {
  KnownDatasetBenchmark,
  KnownDatasetLanguage,
  KnownDatasetLanguageCreators,
  KnownDatasetLicense,
  KnownDatasetMultilinguality,
  KnownDatasetSizeCategories,
  KnownDatasetTag,
  KnownDatasetTagKeys,
  KnownDatasetTaskCategories,
  KnownDatasetTaskIds,
  KnownModelLanguage,
  KnownModelLibrary,
  KnownModelLicense,
  KnownModelPipelineTag,
  KnownModelTag,
  KnownModelTagKeys,
} from "./known-tags.ts";
export { listMetrics } from "./list-metrics.ts";
export type { ListMetricsParams, MetricInfo } from "./list-metrics.ts";
