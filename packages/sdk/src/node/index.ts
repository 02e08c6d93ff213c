export * from "@hub/auth/node";
export * from "@hub/repos/node";
export * from "@hub/commits/node";
