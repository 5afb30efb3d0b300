import CircularProgress from '@material-ui/core/CircularProgress';
import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import SyncIcon from '@material-ui/icons/Sync';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  ExternalSecretStatus,
  externalSecretsSyncPermission,
  stringifyExternalSecretRef,
} from '@eso-health/plugin-external-secrets-common';

/** "Sync now" for one ExternalSecret, shown only where the user may sync it. */
export function SyncButton(props: {
  es: ExternalSecretStatus;
  pending: boolean;
  onSync: (es: ExternalSecretStatus) => void;
}) {
  const { es, pending, onSync } = props;
  // Decided per ExternalSecret (`<cluster>:<namespace>/<name>`), so a conditional policy (in
  // some namespaces, for ExternalSecrets of entities the user owns) shows the button where it
  // applies.
  const { allowed } = usePermission({
    permission: externalSecretsSyncPermission,
    resourceRef: stringifyExternalSecretRef(es),
  });
  if (!allowed) return null;
  return (
    <Tooltip title={pending ? 'Sync requested…' : 'Sync now'}>
      {/* A disabled button fires no events; the span keeps the tooltip working. */}
      <span>
        <IconButton
          size="small"
          disabled={pending}
          onClick={() => onSync(es)}
          aria-label={`Sync ${es.name} now`}
        >
          {pending ? (
            <CircularProgress size={18} aria-label="Sync in progress" />
          ) : (
            <SyncIcon fontSize="small" />
          )}
        </IconButton>
      </span>
    </Tooltip>
  );
}
