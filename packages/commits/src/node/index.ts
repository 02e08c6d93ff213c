export { fileSource, lazyFileSource } from "./file-source.ts";
export { uploadFolder } from "./upload-folder.ts";
export type { UploadFolderParams } from "./upload-folder.ts";
