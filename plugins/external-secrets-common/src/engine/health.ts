import { Health, HEALTH_ORDER } from '../types/findings';
import { HealthCounts } from '../types/report';

/**
 * The worst of several healths (`error > warning > unknown > healthy`), e.g. a service's health
 * from its ExternalSecrets. An empty list is `healthy`: a service without ExternalSecrets has
 * nothing wrong, and `unknown` is reserved for ExternalSecrets not reconciled yet.
 *
 * @public
 */
export function worstHealth(healths: Iterable<Health>): Health {
  let worst: Health = 'healthy';
  for (const health of healths) {
    if (HEALTH_ORDER[health] > HEALTH_ORDER[worst]) worst = health;
  }
  return worst;
}

/**
 * How many of each health, every health present (zero when none).
 *
 * @public
 */
export function countHealth(healths: Iterable<Health>): HealthCounts {
  const counts: HealthCounts = { healthy: 0, warning: 0, error: 0, unknown: 0 };
  for (const health of healths) {
    if (health in counts) counts[health]++;
  }
  return counts;
}
