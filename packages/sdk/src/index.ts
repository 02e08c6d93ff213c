export * from "@hub/core";
export * from "@hub/auth";
export * from "@hub/repos";
export * from "@hub/commits";
export * from "@hub/discussions";
export * from "@hub/spaces";
export * from "@hub/search";
