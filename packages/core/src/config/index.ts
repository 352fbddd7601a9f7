export {
  DURATION_PATTERN,
  durationSchema,
  parseDuration,
  parseSize,
  SIZE_PATTERN,
  sizeSchema,
} from "./units.js";
