const LFS_PATTERNS = [
  "*.7z", "*.arrow", "*.bin", "*.bz2", "*.ckpt", "*.ftz", "*.gz", "*.h5", "*.joblib", "*.lfs.*", "*.mlmodel",
  "*.model", "*.msgpack", "*.npy", "*.npz", "*.onnx", "*.ot", "*.parquet", "*.pb", "*.pickle", "*.pkl", "*.pt",
  "*.pth", "*.rar", "*.safetensors", "saved_model/**/*", "*.tar.*", "*.tar", "*.tflite", "*.tgz", "*.wasm",
  "*.xz", "*.zip", "*.zst", "*tfevents*",
];

/** The `.gitattributes` a new repo starts with, as in the Hub's system "initial commit". */
export const DEFAULT_GITATTRIBUTES = LFS_PATTERNS.map((pattern) => `${pattern} filter=lfs diff=lfs merge=lfs -text\n`).join("");
