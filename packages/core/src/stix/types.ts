/** A STIX 2.x object as it arrived: only the common properties are typed; the rest stays as sent. */
export interface StixObject {
  type: string;
  id: string;
  spec_version?: string;
  created?: string;
  modified?: string;
  revoked?: boolean;
  labels?: string[];
  confidence?: number;
  object_marking_refs?: string[];
  created_by_ref?: string;
  external_references?: ExternalReference[];
  [property: string]: unknown;
}

export interface ExternalReference {
  source_name: string;
  description?: string;
  url?: string;
  external_id?: string;
  hashes?: Record<string, string>;
}

export interface KillChainPhase {
  kill_chain_name: string;
  phase_name: string;
}

export interface StixIndicator extends StixObject {
  type: "indicator";
  name?: string;
  description?: string;
  indicator_types?: string[];
  pattern: string;
  pattern_type?: string;
  pattern_version?: string;
  valid_from?: string;
  valid_until?: string;
  kill_chain_phases?: KillChainPhase[];
}
