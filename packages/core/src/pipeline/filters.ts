import type { FilterConfig } from "../config/job.js";
import { parseDuration } from "../config/units.js";
import type { IocRecord, TlpLevel } from "../ioc/record.js";

const TLP_RANK: Record<string, number> = {
  clear: 0,
  white: 0,
  green: 1,
  amber: 2,
  "amber+strict": 3,
  red: 4,
};

export type DropReason = "ioc_type" | "confidence" | "tlp" | "revoked" | "expired";

export interface FilterOutcome {
  kept: IocRecord[];
  dropped: Partial<Record<DropReason, number>>;
  /** Records turned into deletions because they are expired. */
  expiredDeletes: number;
}

/** Compiled filters: stamps `expires_at`, turns revoked/expired into deletions or drops, applies type/confidence/TLP. */
export class RecordFilter {
  private readonly iocTypes?: ReadonlySet<string>;
  private readonly maxTlp?: number;
  private readonly expireAfterMs?: number;

  constructor(private readonly config: FilterConfig = {}) {
    this.iocTypes = config.ioc_types ? new Set(config.ioc_types) : undefined;
    this.maxTlp = config.max_tlp ? TLP_RANK[config.max_tlp] : undefined;
    this.expireAfterMs = config.expire_after === undefined ? undefined : parseDuration(config.expire_after);
  }

  private expiresAt(record: IocRecord): string | undefined {
    if (record.valid_until) return record.valid_until;
    const base = record.modified ?? record.created;
    if (this.expireAfterMs === undefined || !base) return undefined;
    const at = Date.parse(base);
    return Number.isNaN(at) ? undefined : new Date(at + this.expireAfterMs).toISOString();
  }

  private tlpAllowed(tlp: TlpLevel | undefined): boolean {
    if (this.maxTlp === undefined || tlp === undefined) return true;
    return (TLP_RANK[tlp] ?? 4) <= this.maxTlp;
  }

  apply(records: readonly IocRecord[], now: number): FilterOutcome {
    const kept: IocRecord[] = [];
    const dropped: FilterOutcome["dropped"] = {};
    let expiredDeletes = 0;
    const drop = (reason: DropReason) => {
      dropped[reason] = (dropped[reason] ?? 0) + 1;
    };
    for (const original of records) {
      if (this.iocTypes && !this.iocTypes.has(original.type)) {
        drop("ioc_type");
        continue;
      }
      if (
        this.config.min_confidence !== undefined &&
        original.confidence !== undefined &&
        original.confidence < this.config.min_confidence
      ) {
        drop("confidence");
        continue;
      }
      if (!this.tlpAllowed(original.tlp)) {
        drop("tlp");
        continue;
      }
      const expiresAt = this.expiresAt(original);
      const record =
        expiresAt && expiresAt !== original.expires_at ? { ...original, expires_at: expiresAt } : original;
      if (record.revoked) {
        if (this.config.revoked === "drop") drop("revoked");
        else kept.push(record.action === "delete" ? record : { ...record, action: "delete" });
        continue;
      }
      if (expiresAt && Date.parse(expiresAt) <= now) {
        if (this.config.expired === "drop") drop("expired");
        else {
          expiredDeletes++;
          kept.push({ ...record, action: "delete" });
        }
        continue;
      }
      kept.push(record);
    }
    return { kept, dropped, expiredDeletes };
  }
}
