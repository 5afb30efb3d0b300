import { context, esView, before } from './testContext';
import { syncFailed } from './syncFailed';

const ready = (
  status: 'True' | 'False' | 'Unknown',
  reason: string | null = null,
  message: string | null = null,
) => ({ status, reason, message, lastTransitionTime: null });

const failing = (message = 'could not get secret data from provider') =>
  esView({ ready: ready('False', 'SecretSyncedError', message) });

/** The finding for a failing sync whose newest warning event is an UpdateFailed with `message`. */
const failingWithEvent = (message: string, time: string | null = null) =>
  syncFailed(
    context({
      es: failing(),
      warningEvent: { reason: 'UpdateFailed', time, message },
    }),
  )[0];

describe('sync-failed', () => {
  it.each(['True', 'Unknown'] as const)(
    'stays silent when Ready is %s',
    status => {
      expect(
        syncFailed(context({ es: esView({ ready: ready(status) }) })),
      ).toEqual([]);
    },
  );

  it('stays silent without a Ready condition (not-reconciled covers it)', () => {
    expect(syncFailed(context({ es: esView({ ready: null }) }))).toEqual([]);
  });

  it('reports the condition and the newest warning event with an access-denied hint', () => {
    const finding = failingWithEvent(
      'error retrieving secret at .data[0]: AccessDeniedException: User: arn:aws:sts::1:assumed-role/eso is not authorized to perform: secretsmanager:GetSecretValue',
      before(120),
    );
    expect(finding).toMatchObject({ rule: 'sync-failed', severity: 'error' });
    expect(finding.message).toBe(
      'Sync is failing (SecretSyncedError: could not get secret data from provider); newest warning event UpdateFailed (2m ago): error retrieving secret at .data[0]: AccessDeniedException: User: arn:aws:sts::1:assumed-role/eso is not authorized to perform: secretsmanager:GetSecretValue.',
    );
    expect(finding.remedy).toMatch(
      /^Access denied: grant the store's AWS identity secretsmanager:GetSecretValue/,
    );
  });

  it('hints at missing keys', () => {
    const finding = failingWithEvent(
      "ResourceNotFoundException: Secrets Manager can't find the specified secret.",
    );
    expect(finding.message).toContain(
      'newest warning event UpdateFailed: ResourceNotFoundException',
    );
    expect(finding.remedy).toBe(
      'Key not found: check that the remote key "prod/payments/db" exists in AWS Secrets Manager (eu-west-1), is not scheduled for deletion, and matches the store\'s prefix.',
    );
  });

  it('hints at an invalid store', () => {
    const [finding] = syncFailed(
      context({
        es: failing('could not get provider client: InvalidProviderConfig'),
      }),
    );
    expect(finding.remedy).toBe(
      'The store is invalid: kubectl describe secretstore aws -n payments shows why; fix its provider configuration or credentials.',
    );
  });

  it('hints at the store when the store itself is not ready', () => {
    const base = context();
    const [finding] = syncFailed({
      ...base,
      es: failing('something odd'),
      store: { ...base.store!, ready: ready('False', 'InvalidProviderConfig') },
    });
    expect(finding.remedy).toMatch(/^The store is invalid/);
  });

  it('falls back to describe and logs for unknown errors, without an event', () => {
    const [finding] = syncFailed(
      context({ es: esView({ ready: ready('False') }) }),
    );
    expect(finding.message).toBe('Sync is failing (no reason given).');
    expect(finding.remedy).toBe(
      'Run kubectl describe externalsecret payments-db -n payments and read the external-secrets controller logs for the full error.',
    );
  });

  it('truncates very long provider messages', () => {
    const finding = failingWithEvent('x'.repeat(1000));
    expect(finding.message.length).toBeLessThan(450);
    expect(finding.message).toContain('…');
  });
});
