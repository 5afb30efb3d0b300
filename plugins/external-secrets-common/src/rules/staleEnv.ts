import { Rule } from './types';
import { staleReaderFindings } from './staleReaders';

/** `stale-env`: containers reading the Secret through env/envFrom that started before its last change. */
export const staleEnv: Rule = context =>
  staleReaderFindings(context, 'stale-env');
