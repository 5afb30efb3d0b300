import { MiddlewareStack } from '@smithy/types';

/**
 * Counts every attempt (retries included) of an AWS SDK v3 client by operation name, below its
 * retry middleware, into the record `current()` returns (the refresh under way).
 *
 * @public
 */
export function countApiCalls<Input extends object, Output extends object>(
  client: { middlewareStack: MiddlewareStack<Input, Output> },
  current: () => Record<string, number> | undefined,
): void {
  client.middlewareStack.add(
    (next, context) => async args => {
      const calls = current();
      const operation = (context.commandName ?? 'unknown').replace(
        /Command$/,
        '',
      );
      if (calls) calls[operation] = (calls[operation] ?? 0) + 1;
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low', name: 'countApiCalls' },
  );
}
