/**
 * `@taxiway/core/schema-compiler`: ajv set up for taxiway's schemas, for connector authors' tests and build steps.
 * Kept out of the main entry so that loading core (every connector does) never loads ajv's compiler.
 */
export { GENERATED_VALIDATOR_OPTIONS, precompiledValidatorModule } from "./precompile.js";
export { compileValidator, configAjv, JOB_VALIDATOR_OPTIONS } from "./validate.js";
