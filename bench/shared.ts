// Small helpers the provider benchmarks share.
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  motoAccount,
  motoClientConfig,
  MotoServer,
  startMoto,
} from '@eso-health/test-harness';

/** A logger that prints nothing: benchmarks print their own figures. */
export const silentLogger: LoggerService = {
  error: () => {},
  warn: () => {},
  info: () => {},
  debug: () => {},
  child: () => silentLogger,
};

/** Runs `fn` over `items` with at most `concurrency` calls in flight. */
export async function inParallel<T>(
  items: T[],
  concurrency: number,
  fn: (item: T) => Promise<unknown>,
): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift())
        await fn(item);
    }),
  );
}

/** Runs `fn` against a fresh moto server, stopped afterwards. */
export async function withMoto<T>(
  fn: (moto: MotoServer) => Promise<T>,
): Promise<T> {
  const moto = await startMoto();
  try {
    return await fn(moto);
  } finally {
    await moto.stop();
  }
}

/** moto as AWS in `region`: the SDK clients' options, and the collectors' account `bench`. */
export function motoAws(moto: MotoServer, region: string) {
  return {
    client: motoClientConfig(moto, region),
    account: motoAccount(moto, region, 'bench'),
  };
}
