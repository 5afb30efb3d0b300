export interface Config {
  externalSecrets?: {
    /**
     * HashiCorp Vault servers whose KV version 2 metadata the External Secrets plugin reads
     * (`LIST`/`GET <mount>/metadata/…`, never `data/`), refreshed with the other providers on
     * `externalSecrets.providerRefresh`. A store's `vault.server` (this `url` or one of
     * `storeServers`) and `vault.path` (the mount) pick the listing.
     */
    vault?: {
      servers?: Array<{
        /** Label shown in reports (`vault/<name>/<mount>`); unique. */
        name: string;
        /** The address the backend reads, e.g. https://vault.example.com:8200. */
        url: string;
        /** Other addresses stores use for the same server, e.g. the in-cluster http://vault.vault:8200. */
        storeServers?: string[];
        /** Vault Enterprise namespace (X-Vault-Namespace). */
        namespace?: string;
        /** PEM file of the CA that signed the server's certificate, when not a public one. */
        caFile?: string;
        /** The KV mounts to read, e.g. `secret`. KV version 1 mounts are shown without change tracking. */
        mounts: string[];
        /** Read only paths under these prefixes (e.g. `payments/`); a key outside them is "not loaded". */
        paths?: string[];
        /** How the backend logs in; exactly one. The token's policy needs list and read on `<mount>/metadata/*` only. */
        auth: {
          /**
           * A token (e.g. from a periodic token role).
           * @visibility secret
           */
          token?: string;
          /** Kubernetes auth: the backend's service account token, exchanged at `auth/<mountPath>/login`. */
          kubernetes?: {
            role: string;
            /** Default `kubernetes`. */
            mountPath?: string;
            /** Default `/var/run/secrets/kubernetes.io/serviceaccount/token`, re-read at each login. */
            tokenFile?: string;
          };
          /** AppRole auth. */
          appRole?: {
            roleId: string;
            /** @visibility secret */
            secretId: string;
            /** Default `approle`. */
            mountPath?: string;
          };
        };
      }>;
    };
  };
}
