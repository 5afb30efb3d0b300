/** Real helper processes for integration tests. */
export { startMoto, findMotoServer, freePort } from './moto';
export type { MotoServer, StartMotoOptions } from './moto';
