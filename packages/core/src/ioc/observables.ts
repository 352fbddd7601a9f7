import {
  HASH_STRENGTH,
  normalizeDomain,
  normalizeEmail,
  normalizeHash,
  normalizeIpv4,
  normalizeIpv6,
  normalizeMac,
  normalizeUrl,
} from "./normalize.js";
import type { HashMap, IocType } from "./record.js";

/** One property the pattern pins to an exact value, e.g. `hashes.SHA-256` = '…'. */
export interface Pin {
  /** Path after the object type, canonical: `value`, `hashes.SHA-256`, `to_refs[*].value`. */
  path: string;
  value: string | number | boolean;
}

export interface Observable {
  type: IocType;
  value: string;
  hashes?: HashMap;
  file_name?: string;
  file_size?: number;
  observable?: Record<string, string | number | boolean>;
}

export interface ObservableResult {
  observables: Observable[];
  problems: string[];
}

const text = (value: Pin["value"]) => String(value);

function address(
  value: string,
  kind: "ipv4" | "ipv6" | "auto",
): { ok: true; type: IocType; value: string } | { ok: false; reason: string } {
  const v4 = kind !== "ipv6" ? normalizeIpv4(value) : undefined;
  if (v4?.ok) return { ok: true, type: v4.cidr ? "cidr" : "ipv4", value: v4.value };
  const v6 = kind !== "ipv4" ? normalizeIpv6(value) : undefined;
  if (v6?.ok) return { ok: true, type: v6.cidr ? "cidr" : "ipv6", value: v6.value };
  if (kind === "auto") {
    const domain = normalizeDomain(value);
    if (domain.ok) return { ok: true, type: "domain", value: domain.value };
  }
  return {
    ok: false,
    reason:
      (kind === "ipv6" ? v6 : v4)?.ok === false
        ? ((kind === "ipv6" ? v6 : v4) as { reason: string }).reason
        : `'${value}' is not an address`,
  };
}

function collectHashes(pins: readonly Pin[], prefix: string, result: ObservableResult): HashMap | undefined {
  let hashes: HashMap | undefined;
  for (const pin of pins) {
    if (!pin.path.startsWith(prefix)) continue;
    const normalized = normalizeHash(pin.path.slice(prefix.length), text(pin.value));
    if (!normalized.ok) {
      result.problems.push(normalized.reason);
      continue;
    }
    hashes ??= {};
    hashes[normalized.name] = normalized.value;
  }
  return hashes;
}

function strongest(hashes: HashMap): string | undefined {
  for (const name of HASH_STRENGTH) if (hashes[name]) return hashes[name];
  return Object.values(hashes)[0];
}

function pinned(pins: readonly Pin[], ...paths: string[]): Pin[] {
  return pins.filter((pin) => paths.includes(pin.path));
}

function context(
  pins: readonly Pin[],
  skip: (path: string) => boolean,
): Record<string, string | number | boolean> | undefined {
  const extra = pins.filter((pin) => !skip(pin.path));
  if (extra.length === 0) return undefined;
  return Object.fromEntries(extra.map((pin) => [pin.path, pin.value]));
}

type Normalizer = (value: string) => { ok: true; value: string } | { ok: false; reason: string };

function simple(
  result: ObservableResult,
  pins: readonly Pin[],
  paths: string[],
  type: IocType,
  normalize: Normalizer,
) {
  for (const pin of pinned(pins, ...paths)) {
    const normalized = normalize(text(pin.value));
    if (normalized.ok) result.observables.push({ type, value: normalized.value });
    else result.problems.push(normalized.reason);
  }
}

const verbatim: Normalizer = (value) =>
  value.trim() ? { ok: true, value } : { ok: false, reason: "empty value" };

/** Turns the exact pins of one object type (inside one conjunction) into IOC observables. */
export function observablesOf(objectType: string, pins: readonly Pin[]): ObservableResult {
  const result: ObservableResult = { observables: [], problems: [] };
  switch (objectType) {
    case "ipv4-addr":
    case "ipv6-addr":
      for (const pin of pinned(pins, "value")) {
        const normalized = address(text(pin.value), objectType === "ipv4-addr" ? "ipv4" : "ipv6");
        if (normalized.ok) result.observables.push({ type: normalized.type, value: normalized.value });
        else result.problems.push(normalized.reason);
      }
      break;
    case "domain-name":
      simple(result, pins, ["value"], "domain", normalizeDomain);
      break;
    case "url":
      simple(result, pins, ["value"], "url", normalizeUrl);
      break;
    case "email-addr":
      simple(result, pins, ["value"], "email", normalizeEmail);
      break;
    case "mac-addr":
      simple(result, pins, ["value"], "mac", normalizeMac);
      break;
    case "mutex":
      simple(result, pins, ["name"], "mutex", verbatim);
      break;
    case "directory":
      simple(result, pins, ["path"], "directory", verbatim);
      break;
    case "autonomous-system":
      simple(result, pins, ["number"], "asn", (value) =>
        /^\d+$/.test(value) ? { ok: true, value } : { ok: false, reason: `'${value}' is not an AS number` },
      );
      break;
    case "email-message": {
      const addresses = pins.filter((pin) =>
        /^(from_ref|sender_ref|(to|cc|bcc)_refs\[(\*|\d+)\])\.value$/.test(pin.path),
      );
      for (const pin of addresses) {
        const normalized = normalizeEmail(text(pin.value));
        if (normalized.ok)
          result.observables.push({
            type: "email",
            value: normalized.value,
            observable: { role: pin.path.split(/[_.[]/)[0] as string },
          });
        else result.problems.push(normalized.reason);
      }
      simple(result, pins, ["subject"], "email-subject", verbatim);
      break;
    }
    case "file":
    case "artifact": {
      const hashes = collectHashes(pins, "hashes.", result);
      const name = objectType === "file" ? pinned(pins, "name")[0] : undefined;
      const size = objectType === "file" ? pinned(pins, "size")[0] : undefined;
      const value = hashes ? strongest(hashes) : name ? text(name.value) : undefined;
      if (value === undefined) break;
      result.observables.push({
        type: objectType,
        value,
        ...(hashes ? { hashes } : {}),
        ...(name ? { file_name: text(name.value) } : {}),
        ...(size && typeof size.value === "number" ? { file_size: size.value } : {}),
      });
      break;
    }
    case "x509-certificate": {
      const hashes = collectHashes(pins, "hashes.", result);
      const serial = pinned(pins, "serial_number")[0];
      const subject = pinned(pins, "subject")[0];
      const value = hashes
        ? strongest(hashes)
        : serial
          ? text(serial.value)
          : subject
            ? text(subject.value)
            : undefined;
      if (value === undefined) break;
      result.observables.push({
        type: "x509",
        value,
        ...(hashes ? { hashes } : {}),
        observable: context(pins, (p) => p.startsWith("hashes.")),
      });
      break;
    }
    case "windows-registry-key": {
      const key = pinned(pins, "key")[0];
      if (key)
        result.observables.push({
          type: "registry-key",
          value: text(key.value),
          observable: context(pins, (p) => p === "key"),
        });
      break;
    }
    case "process": {
      const main =
        pinned(pins, "command_line")[0] ?? pinned(pins, "name")[0] ?? pinned(pins, "image_ref.name")[0];
      if (main)
        result.observables.push({
          type: "process",
          value: text(main.value),
          observable: context(pins, (p) => p === main.path),
        });
      break;
    }
    case "user-account": {
      const main = pinned(pins, "account_login")[0] ?? pinned(pins, "user_id")[0];
      if (main)
        result.observables.push({
          type: "user-account",
          value: text(main.value),
          observable: context(pins, (p) => p === main.path),
        });
      break;
    }
    case "software": {
      const main = pinned(pins, "cpe")[0] ?? pinned(pins, "name")[0];
      if (main)
        result.observables.push({
          type: "software",
          value: text(main.value),
          observable: context(pins, (p) => p === main.path),
        });
      break;
    }
    case "network-traffic": {
      const connection = context(pins, (p) => !/^(src_port|dst_port|protocols\[(\*|\d+)\])$/.test(p));
      for (const pin of pinned(pins, "dst_ref.value", "src_ref.value")) {
        const normalized = address(text(pin.value), "auto");
        if (normalized.ok)
          result.observables.push({
            type: normalized.type,
            value: normalized.value,
            observable: { direction: pin.path.startsWith("dst") ? "dst" : "src", ...connection },
          });
        else result.problems.push(normalized.reason);
      }
      for (const pin of pins.filter((p) =>
        /^extensions\.http-request-ext\.request_header\.user-agent$/i.test(p.path),
      ))
        result.observables.push({ type: "user-agent", value: text(pin.value) });
      break;
    }
    default:
      break;
  }
  return result;
}
