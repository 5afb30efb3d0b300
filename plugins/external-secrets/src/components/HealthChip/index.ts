export { HealthChip, healthLabel } from './HealthChip';
export type { HealthChipProps } from './HealthChip';
