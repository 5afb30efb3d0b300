export interface Config {
  externalSecrets?: {
    /**
     * AWS Systems Manager Parameter Store accounts whose parameter metadata the External Secrets
     * plugin reads with DescribeParameters (names, versions, modification times; never a value),
     * refreshed with the other providers on `externalSecrets.providerRefresh`. A store with
     * `service: ParameterStore` picks the account by its `region` (and `role`).
     */
    awsParameterStore?: {
      accounts?: Array<{
        /** Label shown in reports (`aws-parameter-store/<name>/<region>`); defaults to the role's account id, else `default`. */
        name?: string;
        /** AWS region, e.g. eu-west-1. */
        region: string;
        /** IAM role assumed through STS to read this account; the default credential chain otherwise. */
        roleArn?: string;
        /** External id required by the role's trust policy. */
        externalId?: string;
        /** Endpoint of an emulator such as moto; AWS's own endpoints otherwise. Also used for STS. */
        endpoint?: string;
        /** Describe only parameters whose names start with one of these (e.g. `/payments/`). */
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
