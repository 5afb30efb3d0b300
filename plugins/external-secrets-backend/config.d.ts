import { HumanDuration } from '@backstage/types';

export interface Config {
  /** Configuration of the External Secrets health plugin. */
  externalSecrets?: {
    /**
     * Clusters to watch. When absent, the clusters of the Kubernetes plugin's
     * `kubernetes.clusterLocatorMethods` are used (types `config`, `catalog` and
     * `localKubectlProxy`, with the same fields), so a portal that configured that plugin
     * needs no second list. See docs/clusters.md.
     */
    clusters?: Array<{
      /** Unique cluster name, shown in the UI and used by POST /v1/sync. */
      name: string;
      title?: string;
      /**
       * A file or folder of YAML/JSON manifests (`kubectl get -o yaml` output, multi-document
       * or `kind: List`) used instead of a live API server; re-read when files change.
       * Relative paths resolve against the backend's working directory.
       */
      manifests?: string;
      /** API server URL of a live cluster (from the kubeconfig when `kubeconfig` is set). */
      url?: string;
      /**
       * How the backend authenticates, in the background with its own identity:
       * `serviceAccount` (default: `serviceAccountToken`, else the pod's own token), `aws`
       * (EKS token from a presigned STS request; `assumeRole`, `externalId`),
       * `googleServiceAccount`, `azure`, `kubeconfig`, `localKubectlProxy`, or a key added by a
       * module. `oidc`, `google` and `aks` need a signed-in user's token and are refused.
       */
      authProvider?: string;
      /** @visibility secret */
      serviceAccountToken?: string;
      /** IAM role to assume for an `aws` cluster. */
      assumeRole?: string;
      /** External id of `assumeRole`. */
      externalId?: string;
      /** Extra auth metadata, as for the Kubernetes plugin (e.g. `kubernetes.io/x-k8s-aws-id`). */
      authMetadata?: { [key: string]: string };
      /** For `authProvider: kubeconfig`: the file and its context (its current one by default). */
      kubeconfig?: { path: string; context?: string };
      /** Base64 PEM of the API server's CA. @visibility secret */
      caData?: string;
      caFile?: string;
      skipTLSVerify?: boolean;
      /** Watch only these namespaces (a namespaced Role suffices). */
      namespaces?: string[];
      /**
       * `metadata` (default) lists and watches Secrets as metadata, which needs list/watch on
       * Secrets (a grant that also returns their values); `none` reads no Secret at all and
       * learns of changes from ESO's Events.
       */
      secrets?: 'metadata' | 'none';
    }>;

    /** Applied to every live cluster that does not set them (Kubernetes plugin clusters included). */
    clusterDefaults?: {
      secrets?: 'metadata' | 'none';
      namespaces?: string[];
    };

    /** How often cluster locators (the catalog) are asked again, in seconds. Default 60. */
    clusterLocatorRefreshSeconds?: number;

    /** AWS Secrets Manager metadata sources (see docs/aws.md). */
    aws?: {
      // `accounts`, also read by the scaffolder module: declared by the -node package.
      /**
       * Schedule of the refresh task, which runs on one backend replica at a time and stores
       * its results in the plugin database. Default: every 5 minutes, 4 minute timeout.
       */
      refresh?: {
        frequency: { cron: string } | string | HumanDuration;
        timeout: string | HumanDuration;
        initialDelay?: string | HumanDuration;
      };
      /**
       * Offline provider metadata: files holding the JSON of
       * `aws secretsmanager list-secrets --include-planned-deletion` (regions read from the ARNs).
       */
      listSecretsFiles?: string[];
    };

    /**
     * Offline metadata of other providers, in the formats the drift CLI reads (docs/cli.md),
     * re-read when the files change. Used by the bundled demo; a store is judged by them only
     * when the provider's module is installed.
     */
    providerDumps?: {
      /** JSON of `aws ssm describe-parameters` (regions read from the ARNs). */
      ssmParameters?: string[];
      /** Vault KV v2 metadata dumps: `{server, mount, metadata: {<path>: <GET metadata>}}`. */
      vaultMetadata?: string[];
    };

    /**
     * Replays file-based sources (manifests clusters and list-secrets files) as if they had been
     * captured at backend start: every timestamp is shifted by (start − capturedAt). Used by the
     * bundled demo cluster; leave unset for real dumps you want to see as they are.
     */
    replay?: {
      /** ISO time at which the files were captured. */
      capturedAt: string;
      /**
       * `running` (default): the files are shifted once, as if captured at backend start, and
       * then age as the captured cluster would have. `frozen`: every read shows them as if
       * captured just now, so a demo keeps its scenario however long it runs (no history is
       * recorded for such a replay: its times move on every read).
       */
      clock?: 'running' | 'frozen';
    };

    /** History of ExternalSecrets (docs/history.md). */
    history?: {
      /**
       * How long history events and hourly findings samples are kept, e.g. `30d` or
       * `{ days: 30 }`. Default 30 days.
       */
      retention?: string | HumanDuration;
    };

    /**
     * Notifications to the owners of catalog entities whose ExternalSecrets turn error or keep
     * a warning, through the Backstage notifications backend (docs/notifications.md).
     */
    notifications?: {
      /** Default false: nothing is sent and the task is not scheduled. */
      enabled?: boolean;
      /**
       * Per severity: whether its findings notify and how long one must last first (`after`,
       * e.g. `1h`). Defaults: error on after 0, warning on after 1h, info off.
       */
      severities?: {
        error?: { enabled?: boolean; after?: string | HumanDuration };
        warning?: { enabled?: boolean; after?: string | HumanDuration };
        info?: { enabled?: boolean; after?: string | HumanDuration };
      };
      /** Per rule id (docs/drift-rules.md): overrides of its severity's `enabled` and `after`. */
      rules?: {
        [rule: string]: { enabled?: boolean; after?: string | HumanDuration };
      };
      rateLimit?: {
        /** At most one notification per entity within this time. Default 30 minutes. */
        minInterval?: string | HumanDuration;
        /** At most this many notifications per run of the task; the rest wait. Default 50. */
        maxPerRun?: number;
      };
      /**
       * Prepended to the entity path (`/catalog/<namespace>/<kind>/<name>`) of the link; empty
       * (default) leaves it relative, which the notifications backend resolves against
       * app.baseUrl.
       */
      linkBase?: string;
      /** Schedule of the notification task (one replica at a time). Default every minute. */
      schedule?: {
        frequency: { cron: string } | string | HumanDuration;
        timeout: string | HumanDuration;
        initialDelay?: string | HumanDuration;
      };
    };

    /** Demo only (the bundled portal); never set it for real clusters. */
    demo?: {
      /**
       * Writes a believable 30-day history for the demo's ExternalSecrets at start, from their
       * evaluated state, into histories that are still empty. Default false.
       */
      recordHistory?: boolean;
    };

    /** Drift rule thresholds in seconds (see docs/drift-rules.md). */
    thresholds?: {
      reconcileGraceSeconds?: number;
      syncOverdueFactor?: number;
      syncOverdueMarginSeconds?: number;
      reloaderGraceSeconds?: number;
      volumePropagationSeconds?: number;
      rotationOverdueSeconds?: number;
      /** provider-expiring warns when the current value expires within this (default 7 days). */
      providerExpiringSeconds?: number;
    };

    /**
     * How often findings are re-evaluated without any cluster change (time-based rules such as
     * sync-overdue move with the clock), in seconds. Default 30.
     */
    evaluationIntervalSeconds?: number;

    /**
     * How often the catalog entities with Kubernetes annotations are listed again, in seconds:
     * reports and the overview answer from that list, so a catalog change shows within this.
     * Default 10.
     */
    catalogRefreshSeconds?: number;
  };
}
