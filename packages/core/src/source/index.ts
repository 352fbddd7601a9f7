export {
  defineSource,
  type OpenedSource,
  type SourceConfig,
  type SourceContext,
  type SourceDescriptor,
} from "./descriptor.js";
export { BUNDLED_SOURCES, bundledSource, type LoadSourceOptions, loadSource } from "./registry.js";
export { sourceSchema } from "./schema.js";
export { sourceDescriptorProblems, validateSourceModule } from "./validate.js";
