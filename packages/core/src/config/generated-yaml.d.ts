// Types of the module scripts/bundle-yaml.mjs generates into dist/config/ at build time (see yaml-parser.ts).
export { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from "yaml";
