import {
  ProviderMetadata,
  ProviderState,
} from '@eso-health/plugin-external-secrets-common';

/** A source of provider metadata (never values), kept in memory. */
export interface ProviderMetadataSource {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Loaded metadata by region; a region absent here is "not loaded". */
  metadata(): ProviderMetadata;
  states(): ProviderState[];
  onChange(listener: () => void): () => void;
}
