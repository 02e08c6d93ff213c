/*
 * The Xet primitives of @hub/core/xet, taken from its sources and bundled into the server: @hub/core
 * depends on @hub/server for its tests (a dev dependency), so a package dependency the other way would be a
 * cycle in the workspace graph. Same code, one copy in the repository.
 */
export * from "../../../../packages/core/src/xet/index.ts";
