import {
  escapeUnsafe,
  HASH_STRENGTH,
  type Normalized,
  normalizeDomain,
  normalizeEmail,
  normalizeHash,
  normalizeIpv4,
  normalizeIpv6,
  normalizeMac,
  normalizeUrl,
  refang,
} from "./normalize/index.js";
import type { HashMap, IocType } from "./record.js";

/** One property the pattern pins to an exact value, e.g. `hashes.SHA-256` = '…'. */
export interface Pin {
  /** Path after the object type, canonical: `value`, `hashes.SHA-256`, `to_refs[*].value`. */
  path: string;
  value: string | number | boolean;
  /** The value as the feed wrote it, when refanging changed it (`hxxp://example[.]com`). */
  original?: string;
}

export interface Observable {
  type: IocType;
  value: string;
  hashes?: HashMap;
  file_name?: string;
  file_size?: number;
  observable?: Record<string, string | number | boolean>;
  /** The defanged value the feed wrote, when `value` is its refanged (live) form. */
  value_original?: string;
}

/**
 * The pin with its string value refanged (`hxxp://example[.]com` → `http://example.com`, see normalize/refang.ts)
 * and the feed's text kept in `original`; the pin itself when there was nothing to refang.
 */
export function livePin<P extends Pin>(pin: P): P {
  // Hashes are never defanged, and the one-pass route reads them without refanging.
  if (typeof pin.value !== "string" || pin.path.startsWith("hashes.")) return pin;
  const live = refang(pin.value);
  return live === pin.value ? pin : { ...pin, value: live, original: pin.value };
}

/** Passes the observable made from `pin` to the sink, with the feed's defanged text when the pin had one. */
function emit(sink: ObservableSink, observable: Observable, pin: Pin | undefined): void {
  if (pin?.original !== undefined) observable.value_original = pin.original;
  sink.observable(observable);
}

export interface ObservableResult {
  observables: Observable[];
  problems: string[];
}

const text = (value: Pin["value"]) => String(value);

type TypedIoc = { ok: true; type: IocType; value: string } | { ok: false; reason: string };

function typed(type: IocType, normalized: Normalized): TypedIoc {
  return normalized.ok ? { ok: true, type, value: normalized.value } : normalized;
}

function address(value: string, kind: "ipv4" | "ipv6" | "auto"): TypedIoc {
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

const HASH_RANK = new Map(HASH_STRENGTH.map((name, rank) => [name, rank]));

/** The pinned `hashes.*` of one object, under their canonical names. */
function collectHashes(pins: readonly Pin[], sink: ObservableSink): HashMap | undefined {
  let hashes: HashMap | undefined;
  for (const pin of pins) {
    if (!pin.path.startsWith("hashes.")) continue;
    const normalized = normalizeHash(pin.path.slice(7), text(pin.value));
    if (!normalized.ok) {
      sink.problem(normalized.reason);
      continue;
    }
    hashes ??= {};
    hashes[normalized.name] = normalized.value;
  }
  return hashes;
}

/** The value a file is known by: its strongest hash; names outside the vocabulary rank last, first pinned first. */
export function strongest(hashes: HashMap): string | undefined {
  let best: string | undefined;
  let bestRank = Number.POSITIVE_INFINITY;
  for (const name in hashes) {
    const rank = HASH_RANK.get(name) ?? HASH_STRENGTH.length;
    if (rank < bestRank) {
      bestRank = rank;
      best = hashes[name];
    }
  }
  return best;
}

/** The first pin on `path`. */
function first(pins: readonly Pin[], path: string): Pin | undefined {
  for (const pin of pins) if (pin.path === path) return pin;
  return undefined;
}

function context(
  pins: readonly Pin[],
  skip: (path: string) => boolean,
): Record<string, string | number | boolean> | undefined {
  let extra: Record<string, string | number | boolean> | undefined;
  for (const pin of pins) {
    if (skip(pin.path)) continue;
    // No prototype: a pattern path named __proto__ stays a plain key instead of vanishing.
    extra ??= Object.create(null) as Record<string, string | number | boolean>;
    extra[pin.path] = pin.value;
  }
  return extra;
}

type Normalizer = (value: string) => Normalized;

function simple(
  sink: ObservableSink,
  pins: readonly Pin[],
  path: string,
  type: IocType,
  normalize: Normalizer,
) {
  for (const pin of pins) {
    if (pin.path !== path) continue;
    const normalized = normalize(text(pin.value));
    if (normalized.ok) emit(sink, { type, value: normalized.value }, pin);
    else sink.problem(normalized.reason);
  }
}

/** The IOC that the `value` of an address-like object (IP, domain, URL, e-mail, MAC) makes; undefined for other types. */
export function valueIoc(objectType: string, value: string): TypedIoc | undefined {
  switch (objectType) {
    case "ipv4-addr":
      return address(value, "ipv4");
    case "ipv6-addr":
      return address(value, "ipv6");
    case "domain-name":
      return typed("domain", normalizeDomain(value));
    case "url":
      return typed("url", normalizeUrl(value));
    case "email-addr":
      return typed("email", normalizeEmail(value));
    case "mac-addr":
      return typed("mac", normalizeMac(value));
    default:
      return undefined;
  }
}

function values(sink: ObservableSink, pins: readonly Pin[], objectType: string) {
  for (const pin of pins) {
    if (pin.path !== "value") continue;
    const ioc = valueIoc(objectType, text(pin.value));
    if (!ioc) continue;
    if (ioc.ok) emit(sink, { type: ioc.type, value: ioc.value }, pin);
    else sink.problem(ioc.reason);
  }
}

const RESOLVES_TO = /^resolves_to_refs\[(\*|\d+)\]\.value$/;
const BELONGS_TO = /^belongs_to_refs\[(\*|\d+)\]\.number$/;

/**
 * The objects an address or a domain refers to, each an IOC of its own with the relation as context:
 * `resolves_to_refs[…].value` (a domain-name resolves to an IPv4/IPv6 address or another domain, STIX 2.1 §6.3; an
 * address to a MAC address, §6.7–6.8, deprecated) and `belongs_to_refs[…].number` (an address belongs to an
 * autonomous system).
 */
function referenced(sink: ObservableSink, pins: readonly Pin[], objectType: string) {
  const isAddress = objectType === "ipv4-addr" || objectType === "ipv6-addr";
  for (const pin of pins) {
    let relation: string;
    let ioc: TypedIoc | undefined;
    if (RESOLVES_TO.test(pin.path)) {
      relation = "resolves_to";
      if (objectType === "domain-name") ioc = address(text(pin.value), "auto");
      else if (isAddress) ioc = valueIoc("mac-addr", text(pin.value));
    } else if (isAddress && BELONGS_TO.test(pin.path)) {
      relation = "belongs_to";
      const number = asNumber(text(pin.value));
      ioc = number.ok ? { ok: true, type: "asn", value: number.value } : number;
    } else continue;
    if (!ioc) continue;
    if (ioc.ok) emit(sink, { type: ioc.type, value: ioc.value, observable: { relation } }, pin);
    else sink.problem(ioc.reason);
  }
}

/** Free text (mutex, directory, subject…): kept as written, control characters and lone surrogates escaped. */
const verbatim: Normalizer = (value) =>
  value.trim() ? { ok: true, value: escapeUnsafe(value) } : { ok: false, reason: "empty value" };

const asNumber: Normalizer = (value) =>
  /^\d+$/.test(value) ? { ok: true, value } : { ok: false, reason: `'${value}' is not an AS number` };

const EMAIL_ROLE = /^(from_ref|sender_ref|(to|cc|bcc)_refs\[(\*|\d+)\])\.value$/;
const CONNECTION_DETAIL = /^(src_port|dst_port|protocols\[(\*|\d+)\])$/;
const USER_AGENT = /^extensions\.http-request-ext\.request_header\.user-agent$/i;

/** An IOC known by its main pinned property, with the other pinned properties kept as context. */
function mainWithContext(sink: ObservableSink, pins: readonly Pin[], type: IocType, main: Pin | undefined) {
  if (main)
    emit(
      sink,
      {
        type,
        value: escapeUnsafe(text(main.value)),
        observable: context(pins, (path) => path === main.path),
      },
      main,
    );
}

/** Where extraction puts what it finds. */
export interface ObservableSink {
  observable(observable: Observable): void;
  problem(reason: string): void;
}

class ListSink implements ObservableSink {
  readonly observables: Observable[] = [];
  readonly problems: string[] = [];
  observable(observable: Observable): void {
    this.observables.push(observable);
  }
  problem(reason: string): void {
    this.problems.push(reason);
  }
}

/** The IOC observables of the exact pins of one object type (inside one conjunction), as lists. */
export function observablesOf(objectType: string, pins: readonly Pin[]): ObservableResult {
  const sink = new ListSink();
  extractObservables(objectType, pins, sink);
  return { observables: sink.observables, problems: sink.problems };
}

/** Turns the exact pins of one object type (inside one conjunction) into IOC observables. */
export function extractObservables(objectType: string, pins: readonly Pin[], sink: ObservableSink): void {
  switch (objectType) {
    case "ipv4-addr":
    case "ipv6-addr":
    case "domain-name":
      values(sink, pins, objectType);
      referenced(sink, pins, objectType);
      break;
    case "url":
    case "email-addr":
    case "mac-addr":
      values(sink, pins, objectType);
      break;
    case "mutex":
      simple(sink, pins, "name", "mutex", verbatim);
      break;
    case "directory":
      simple(sink, pins, "path", "directory", verbatim);
      break;
    case "autonomous-system":
      simple(sink, pins, "number", "asn", asNumber);
      break;
    case "email-message": {
      for (const pin of pins) {
        if (!EMAIL_ROLE.test(pin.path)) continue;
        const normalized = normalizeEmail(text(pin.value));
        if (normalized.ok)
          emit(
            sink,
            {
              type: "email",
              value: normalized.value,
              observable: { role: pin.path.split(/[_.[]/)[0] as string },
            },
            pin,
          );
        else sink.problem(normalized.reason);
      }
      simple(sink, pins, "subject", "email-subject", verbatim);
      break;
    }
    case "file":
    case "artifact": {
      const hashes = collectHashes(pins, sink);
      const name = objectType === "file" ? first(pins, "name") : undefined;
      const size = objectType === "file" ? first(pins, "size") : undefined;
      const fileName = name ? escapeUnsafe(text(name.value)) : undefined;
      const value = hashes ? strongest(hashes) : fileName;
      if (value === undefined) break;
      const observable: Observable = { type: objectType, value };
      if (hashes) observable.hashes = hashes;
      if (fileName !== undefined) observable.file_name = fileName;
      if (size && typeof size.value === "number") observable.file_size = size.value;
      emit(sink, observable, hashes ? undefined : name);
      break;
    }
    case "x509-certificate": {
      const hashes = collectHashes(pins, sink);
      // Known by its strongest hash, else its serial number, its subject, or (certificates of a rogue CA) its issuer.
      const main = first(pins, "serial_number") ?? first(pins, "subject") ?? first(pins, "issuer");
      const value = hashes ? strongest(hashes) : main ? escapeUnsafe(text(main.value)) : undefined;
      if (value === undefined) break;
      emit(
        sink,
        {
          type: "x509",
          value,
          ...(hashes ? { hashes } : {}),
          observable: context(pins, (p) => p.startsWith("hashes.")),
        },
        hashes ? undefined : main,
      );
      break;
    }
    case "windows-registry-key":
      mainWithContext(sink, pins, "registry-key", first(pins, "key"));
      break;
    case "process":
      mainWithContext(
        sink,
        pins,
        "process",
        first(pins, "command_line") ??
          first(pins, "name") ??
          first(pins, "image_ref.name") ??
          first(pins, "binary_ref.name"), // STIX 2.0's name for image_ref
      );
      break;
    case "user-account":
      mainWithContext(sink, pins, "user-account", first(pins, "account_login") ?? first(pins, "user_id"));
      break;
    case "software":
      mainWithContext(sink, pins, "software", first(pins, "cpe") ?? first(pins, "name"));
      break;
    case "network-traffic": {
      const connection = context(pins, (p) => !CONNECTION_DETAIL.test(p));
      for (const pin of pins) {
        if (pin.path !== "dst_ref.value" && pin.path !== "src_ref.value") continue;
        const normalized = address(text(pin.value), "auto");
        if (normalized.ok)
          emit(
            sink,
            {
              type: normalized.type,
              value: normalized.value,
              observable: { direction: pin.path.startsWith("dst") ? "dst" : "src", ...connection },
            },
            pin,
          );
        else sink.problem(normalized.reason);
      }
      for (const pin of pins)
        if (USER_AGENT.test(pin.path))
          emit(sink, { type: "user-agent", value: escapeUnsafe(text(pin.value)) }, pin);
      break;
    }
    default:
      break;
  }
}
