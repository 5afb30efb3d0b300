export { FindingChip } from './FindingChip';
export type { FindingChipProps } from './FindingChip';
export { FindingDetails } from './FindingDetails';
export { SeverityIcon } from './SeverityIcon';
