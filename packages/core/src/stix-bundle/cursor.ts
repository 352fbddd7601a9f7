import type { CollectionCursor } from "../checkpoint/types.js";

/** Where one bundle stands, kept in the checkpoint as the stream's opaque `state`. */
export interface BundleState {
  /** SHA-256 of the bundle's bytes the position belongs to. */
  sha256: string;
  /** Objects of that content already read and committed (file order). */
  position: number;
  /** True once the whole content was delivered: the same content again delivers nothing. */
  complete: boolean;
  /** HTTP validators of the delivered copy (URL bundles). */
  etag?: string;
  last_modified?: string;
}

/** The bundle state a committed cursor carries, when it is one (a fresh stream, or `--since`, carries none). */
export function bundleStateOf(cursor: CollectionCursor): BundleState | undefined {
  const state = cursor.state as Partial<BundleState> | undefined;
  if (!state || typeof state.sha256 !== "string" || typeof state.position !== "number") return undefined;
  return {
    sha256: state.sha256,
    position: state.position,
    complete: state.complete === true,
    ...(typeof state.etag === "string" ? { etag: state.etag } : {}),
    ...(typeof state.last_modified === "string" ? { last_modified: state.last_modified } : {}),
  };
}
