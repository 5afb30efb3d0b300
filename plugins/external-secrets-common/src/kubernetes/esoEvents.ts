import { parseTime } from '../time/parseTime';
import { isRecord, str } from './untrusted';

/**
 * Reasons of ESO's `Normal` Events that it records only after it really wrote the target Secret:
 * `Updated` after an update of a Secret whose content differed (its data, or labels and
 * annotations its template sets), `Created` after creating it. A force-sync annotation alone
 * produces neither. These are the evidence of a change when Secrets are not read at all.
 *
 * @public
 */
export const ESO_WRITE_EVENT_REASONS: readonly string[] = [
  'Updated',
  'Created',
];

/**
 * The object an Event is about: core/v1 `involvedObject`, or events.k8s.io/v1 `regarding`.
 *
 * @public
 */
export function eventSubject(event: unknown): Record<string, any> | undefined {
  if (!isRecord(event)) return undefined;
  if (isRecord(event.involvedObject)) return event.involvedObject;
  return isRecord(event.regarding) ? event.regarding : undefined;
}

/**
 * True for ESO's Normal `Updated`/`Created` Event on an ExternalSecret.
 *
 * @public
 */
export function isEsoWriteEvent(event: unknown): boolean {
  return (
    isRecord(event) &&
    event.type === 'Normal' &&
    ESO_WRITE_EVENT_REASONS.includes(str(event.reason) ?? '') &&
    eventSubject(event)?.kind === 'ExternalSecret'
  );
}

/**
 * The newest time an Event carries. Its time lives in different fields depending on the API
 * version and the recorder (and a repeated Event moves only some of them), so take the newest.
 *
 * @public
 */
export function eventTime(event: unknown): string | null {
  if (!isRecord(event)) return null;
  const metadata = isRecord(event.metadata) ? event.metadata : {};
  const series = isRecord(event.series) ? event.series : {};
  let newest: string | null = null;
  let newestMs = -Infinity;
  for (const time of [
    event.lastTimestamp,
    series.lastObservedTime,
    event.eventTime,
    event.deprecatedLastTimestamp,
    event.firstTimestamp,
    metadata.creationTimestamp,
  ]) {
    const ms = parseTime(time);
    if (ms !== undefined && ms > newestMs) {
      newest = time as string;
      newestMs = ms;
    }
  }
  return newest;
}
