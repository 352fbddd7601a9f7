/**
 * The exports of a CommonJS package loaded with `import()`, the same whether Node loaded it (a namespace whose
 * named exports mirror `module.exports`) or a bundle split it into a chunk of its own (esbuild then emits only
 * `export default require_x()`, so the namespace holds nothing but `default`). Destructuring the namespace
 * directly works in the first case only: in the packaged CLI, `Agent` came out undefined.
 */
export function commonJsExports<Exports extends object>(namespace: Exports | { default: Exports }): Exports {
  const fallback = (namespace as { default?: Exports }).default;
  return fallback !== undefined && typeof fallback === "object" ? fallback : (namespace as Exports);
}
