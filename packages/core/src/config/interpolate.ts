import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { ConfigProblem } from "./problems.js";
import { pathText } from "./problems.js";

// Own code: no maintained package does `${env:…}`/`${file:…}` while recording the path of each substitution, which
// is how a missing variable is reported at its file:line:column and its value masked as a secret.
const REFERENCE = /\$\{(env|file):([^}]+)\}/g;
const SECRET_NAME = /token|secret|password|passwd|pass|key|auth|cred/i;

export interface InterpolationResult {
  value: unknown;
  problems: Array<Omit<ConfigProblem, "file">>;
  /** Values that came from `${file:…}` or from variables whose name looks secret: redacted in all output. */
  secrets: string[];
  /** Paths that were interpolated (for locating problems). */
  paths: (string | number)[][];
  /** Values left empty by a variable that is set but empty, by path text: `${env:NAME}`, named in a problem there. */
  emptyReferences: Map<string, string>;
}

/** Replaces `${env:NAME}` and `${file:PATH}` in every string of the config (paths relative to the job file). */
export function interpolate(value: unknown, env: NodeJS.ProcessEnv, baseDir: string): InterpolationResult {
  const problems: InterpolationResult["problems"] = [];
  const secrets: string[] = [];
  const paths: (string | number)[][] = [];
  const emptyReferences = new Map<string, string>();

  const visit = (node: unknown, path: (string | number)[]): unknown => {
    if (typeof node === "string") {
      if (!node.includes("${")) return node;
      paths.push(path);
      let setButEmpty: string | undefined;
      const replaced = node.replace(REFERENCE, (_, kind: string, name: string) => {
        const key = name.trim();
        if (kind === "env") {
          const found = env[key];
          if (found === "") setButEmpty ??= `\${env:${key}}`;
          if (found === undefined) {
            problems.push({
              path: pathText(path),
              message: `environment variable ${key} is not set (referenced as \${env:${key}})`,
            });
            return "";
          }
          if (SECRET_NAME.test(key)) secrets.push(found);
          return found;
        }
        try {
          const content = readFileSync(resolve(baseDir, key), "utf8").replace(/\r?\n$/, "");
          secrets.push(content);
          return content;
        } catch (error) {
          problems.push({
            path: pathText(path),
            message: `cannot read \${file:${key}}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
          });
          return "";
        }
      });
      if (replaced === "" && setButEmpty !== undefined) emptyReferences.set(pathText(path), setButEmpty);
      return replaced;
    }
    if (Array.isArray(node)) return node.map((item, index) => visit(item, [...path, index]));
    if (node && typeof node === "object") {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(node)) out[key] = visit(child, [...path, key]);
      return out;
    }
    return node;
  };

  return { value: visit(value, []), problems, secrets, paths, emptyReferences };
}
