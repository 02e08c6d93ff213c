/** The name commits made by this SDK carry in their default messages. */
export const SDK_NAME = "@hub/sdk";

/** Default commit messages of the wrappers (the Python client's, naming this SDK). */
export const defaultCommitMessages = {
  /** `uploadFile`: `Upload {path} with @hub/sdk`. */
  uploadFile: (path: string) => `Upload ${path} with ${SDK_NAME}`,
  /** `uploadFiles`: `Upload {n} files with @hub/sdk` (`Upload {path} ...` for one file). */
  uploadFiles: (paths: readonly string[]) =>
    paths.length === 1 ? `Upload ${paths[0]} with ${SDK_NAME}` : `Upload ${paths.length} files with ${SDK_NAME}`,
  /** `uploadFolder`: `Upload folder {pathInRepo} with @hub/sdk`, `Upload folder with @hub/sdk` for the root. */
  uploadFolder: (pathInRepo: string) => (pathInRepo ? `Upload folder ${pathInRepo} with ${SDK_NAME}` : `Upload folder with ${SDK_NAME}`),
  /** `deleteFile`: `Delete {path} with @hub/sdk`. */
  deleteFile: (path: string) => `Delete ${path} with ${SDK_NAME}`,
  /** `deleteFiles`: `Delete {n} files with @hub/sdk` (`Delete {path} ...` for one). */
  deleteFiles: (paths: readonly string[]) =>
    paths.length === 1 ? `Delete ${paths[0]} with ${SDK_NAME}` : `Delete ${paths.length} files with ${SDK_NAME}`,
  /** `deleteFolder`: `Delete folder {path} with @hub/sdk`. */
  deleteFolder: (path: string) => `Delete folder ${path} with ${SDK_NAME}`,
} as const;
