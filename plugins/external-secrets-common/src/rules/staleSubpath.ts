import { Rule } from './types';
import { staleReaderFindings } from './staleReaders';

/** `stale-subpath`: containers mounting the Secret through subPath that started before its last change. */
export const staleSubpath: Rule = context =>
  staleReaderFindings(context, 'stale-subpath');
