import { isAbsolute, relative, resolve, sep } from "node:path";
import { ConfigError } from "@taxiway/core";

const PLACEHOLDER = /\{(job|collection|date)\}/g;

export interface FileNameValues {
  job: string;
  collection: string;
  /** UTC YYYY-MM-DD. */
  date: string;
}

/** The directory a template may never leave: everything before the first segment holding a placeholder. */
export function anchorDirectory(template: string, baseDir: string): string {
  const absolute = resolve(baseDir, template);
  const segments = absolute.split(sep);
  const firstTemplated = segments.findIndex((s) => /\{(job|collection|date)\}/.test(s));
  const fixed = firstTemplated === -1 ? segments.slice(0, -1) : segments.slice(0, firstTemplated);
  return fixed.join(sep) || sep;
}

export function hasPlaceholder(template: string, name: keyof FileNameValues): boolean {
  return template.includes(`{${name}}`);
}

/**
 * Expands the template and refuses any result outside the anchor directory: a collection named `../../etc` or a
 * path with `..` segments after the placeholder never writes elsewhere.
 */
export function expandFileName(template: string, baseDir: string, values: FileNameValues): string {
  const anchor = anchorDirectory(template, baseDir);
  const expanded = template.replace(PLACEHOLDER, (_, name: keyof FileNameValues) => {
    const value = values[name];
    if (
      value === "" ||
      value.includes("/") ||
      value.includes("\\") ||
      value === "." ||
      value === ".." ||
      value.includes("\0")
    ) {
      throw new ConfigError(
        `csv: {${name}} would expand to ${JSON.stringify(value)}, which is not a safe file name`,
        {
          code: "CSV_PATH_ESCAPE",
          details: { template, placeholder: name },
        },
      );
    }
    return value;
  });
  const absolute = resolve(baseDir, expanded);
  const inside = relative(anchor, absolute);
  if (inside === "" || inside.startsWith("..") || isAbsolute(inside)) {
    throw new ConfigError(
      `csv: path ${JSON.stringify(template)} resolves to ${absolute}, outside ${anchor}`,
      {
        code: "CSV_PATH_ESCAPE",
        details: { template, anchor },
      },
    );
  }
  return absolute;
}

export function isInside(directory: string, path: string): boolean {
  const inside = relative(directory, resolve(directory, path));
  return inside !== "" && !inside.startsWith("..") && !isAbsolute(inside);
}

/** `out/iocs.csv` + suffix `2026-01-02.3` → `out/iocs-2026-01-02.3.csv` (before the extension, .csv.gz kept whole). */
export function withSuffix(path: string, suffix: string): string {
  if (suffix === "") return path;
  const match = /^(.*?)((?:\.csv)?(?:\.gz)?)$/i.exec(path);
  const stem = match?.[1] ?? path;
  const ext = match?.[2] ?? "";
  return `${stem}-${suffix}${ext}`;
}
