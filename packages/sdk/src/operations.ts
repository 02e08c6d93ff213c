import { getFullRepoName, whoami } from "@hub/auth";
import {
  addSpaceSecret,
  addSpaceVariable,
  deleteSpaceSecret,
  deleteSpaceVariable,
  duplicateSpace,
  getSpaceRuntime,
  getSpaceSecrets,
  getSpaceVariables,
  pauseSpace,
  requestSpaceHardware,
  restartSpace,
  setSpaceSleepTime,
} from "@hub/spaces";
import { getDatasetTags, getModelTags, listDatasets, listMetrics, listModels, listSpaces } from "@hub/search";

/** Every edge-safe operation of the SDK, by name: the methods of `HubApi`. */
export const operations = {
  // @hub/auth
  whoami,
  getFullRepoName,
  // @hub/spaces
  getSpaceRuntime,
  requestSpaceHardware,
  addSpaceSecret,
  deleteSpaceSecret,
  getSpaceSecrets,
  addSpaceVariable,
  deleteSpaceVariable,
  getSpaceVariables,
  pauseSpace,
  restartSpace,
  setSpaceSleepTime,
  duplicateSpace,
  // @hub/search
  listModels,
  listDatasets,
  listSpaces,
  getModelTags,
  getDatasetTags,
  listMetrics,
};

/** The type of the operation record. */
export type Operations = typeof operations;
