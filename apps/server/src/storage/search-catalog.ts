/** Labels of common pipeline tags and libraries; other tags are labelled from their id. */
const LABELS: Record<string, string> = {
  "fill-mask": "Fill-Mask",
  "text2text-generation": "Text2Text Generation",
  "text-to-image": "Text-to-Image",
  "image-to-text": "Image-to-Text",
  "image-to-image": "Image-to-Image",
  "text-to-speech": "Text-to-Speech",
  "audio-to-audio": "Audio-to-Audio",
  "zero-shot-classification": "Zero-Shot Classification",
  "zero-shot-image-classification": "Zero-Shot Image Classification",
  pytorch: "PyTorch",
  tf: "TensorFlow",
  jax: "JAX",
  transformers: "Transformers",
  allennlp: "AllenNLP",
  diffusers: "Diffusers",
  safetensors: "Safetensors",
  onnx: "ONNX",
  keras: "Keras",
  spacy: "spaCy",
  sklearn: "Scikit-learn",
  peft: "PEFT",
  gguf: "GGUF",
};

/** The label of a catalog tag: pipeline tags in title case, libraries by name, prefixed ids without their prefix. */
export function tagLabel(type: string, id: string): string {
  const bare = id.includes(":") ? id.slice(id.indexOf(":") + 1) : id;
  const known = LABELS[bare.toLowerCase()];
  if (known) return known;
  if (type === "pipeline_tag")
    return bare
      .split("-")
      .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
      .join(" ");
  return bare;
}

/** The metrics of `GET /api/metrics` (a small static list). */
export const METRICS = [
  {
    id: "accuracy",
    key: "accuracy",
    description: "Accuracy is the proportion of correct predictions among the total number of cases processed.",
    citation: "",
  },
  {
    id: "bleu",
    key: "bleu",
    description: "BLEU scores machine-translated text against reference translations.",
    citation: "Papineni et al., 2002",
  },
  { id: "f1", key: "f1", description: "The F1 score is the harmonic mean of precision and recall.", citation: "" },
  {
    id: "rouge",
    key: "rouge",
    description: "ROUGE compares an automatically produced summary against reference summaries.",
    citation: "Lin, 2004",
  },
  {
    id: "squad",
    key: "squad",
    description: "Exact match and F1 of extractive question answering on SQuAD.",
    citation: "Rajpurkar et al., 2016",
  },
  { id: "wer", key: "wer", description: "Word error rate of speech recognition.", citation: "" },
];
