import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import { toEntityRef } from '../../lib/entityRefs';
import { SafeBoundary } from '../SafeBoundary';

export interface SafeEntityRefLinkProps {
  /** A full or short entity ref, as sent by the backend. */
  entityRef?: string | null;
  /** Kind assumed for short refs: `group` for owners, `component` for services. */
  defaultKind: string;
  /** Link text; the entity's display name when absent. */
  children?: ReactNode;
}

/**
 * EntityRefLink that never throws: short refs get `defaultKind` (EntityRefLink only uses
 * it for the label, not for the link), and refs that do not parse render as text.
 */
export function SafeEntityRefLink(props: SafeEntityRefLinkProps) {
  const { entityRef, defaultKind, children } = props;
  const parsed = toEntityRef(entityRef, defaultKind);
  const text = (
    <Typography variant="body2" component="span">
      {children ?? (entityRef || '–')}
    </Typography>
  );
  if (!parsed) return text;
  return (
    <SafeBoundary fallback={text}>
      <EntityRefLink entityRef={parsed} defaultKind={defaultKind}>
        {children}
      </EntityRefLink>
    </SafeBoundary>
  );
}
