/** Real helper processes and test wiring for integration tests. */
export {
  MOTO_ACCOUNT_ID,
  motoAccount,
  motoClientConfig,
  startMoto,
  useMoto,
} from './moto';
export type { MotoServer, StartMotoOptions } from './moto';
export { connectVault, startVault } from './vault';
export type { VaultServer } from './vault';
export {
  createIamRole,
  createIamUser,
  createIamUserWithPolicy,
  iamUserArn,
  setUserActions,
} from './iam';
export type { IamPolicyDocument, IamUserKeys } from './iam';
export { taskTrigger } from './taskTrigger';
export { TestWrites } from './TestWrites';
export {
  readyClusterSecretStore,
  serviceEntity,
  syncedPipeline,
} from './entities';
export { Canary, capturingRootLogger, filesUnder } from './canary';
