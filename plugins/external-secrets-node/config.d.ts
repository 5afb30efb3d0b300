/**
 * The AWS accounts of the External Secrets plugin, read by this package's `readAwsAccounts`
 * for both the backend plugin (metadata collection) and the scaffolder module (creating an
 * empty secret). The backend plugin's own settings are in its config.d.ts.
 */
export interface Config {
  externalSecrets?: {
    aws?: {
      /**
       * Live accounts and regions, read through ListSecrets (and ListSecretVersionIds to confirm
       * provider-ahead candidates); never a secret value. A store's `region` (and `role`, when it
       * matches an account's `roleArn` or account id) picks the account.
       */
      accounts?: Array<{
        /** Label shown in reports (`aws/<name>/<region>`); defaults to the role's account id, else `default`. */
        name?: string;
        /** AWS region, e.g. eu-west-1. */
        region: string;
        /** IAM role assumed through STS to read this account; the default credential chain otherwise. */
        roleArn?: string;
        /** External id required by the role's trust policy. */
        externalId?: string;
        /** Endpoint of an emulator such as moto; AWS's own endpoints otherwise. Also used for STS. */
        endpoint?: string;
        /** List only secrets whose names start with one of these (at most 10). */
        namePrefixes?: string[];
        /** Static access key id, for emulators; prefer the default chain or roleArn. */
        accessKeyId?: string;
        /**
         * Static secret access key, for emulators; prefer the default chain or roleArn.
         * @visibility secret
         */
        secretAccessKey?: string;
      }>;
    };
  };
}
