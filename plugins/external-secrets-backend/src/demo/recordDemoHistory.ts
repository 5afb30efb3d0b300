import { LoggerService } from '@backstage/backend-plugin-api';
import { EvaluatedExternalSecret } from '@eso-health/plugin-external-secrets-common';
import { HistoryStore } from '../history/HistoryStore';
import { demoHistory } from './demoHistory';

/**
 * Demo only (`externalSecrets.demo.recordHistory`): writes the demo history of the ExternalSecrets
 * whose history is still empty. Its events are keyed and its samples upserted, so a restart or a
 * second replica writing at the same time stores nothing twice.
 */
export async function recordDemoHistory(options: {
  store: HistoryStore;
  evaluated: EvaluatedExternalSecret[];
  now: Date;
  logger: LoggerService;
}): Promise<number> {
  const { store, now, logger } = options;
  const empty: EvaluatedExternalSecret[] = [];
  for (const e of options.evaluated) {
    if (!(await store.hasEvents(e.status))) empty.push(e);
  }
  if (!empty.length) return 0;
  const history = demoHistory(empty, now);
  await store.addEvents(history.events);
  for (const { hour, samples } of history.samples) {
    await store.saveFindingsSamples(hour, samples);
  }
  logger.info(
    `Recorded a demo history of ${history.events.length} events for ${empty.length} ExternalSecrets`,
  );
  return history.events.length;
}
