/** Real helper processes and test wiring for integration tests. */
export { startMoto, findMotoServer, freePort } from './moto';
export type { MotoServer, StartMotoOptions } from './moto';
export { createIamUser, setUserActions } from './iam';
export type { IamUserKeys } from './iam';
export { taskTrigger } from './taskTrigger';
