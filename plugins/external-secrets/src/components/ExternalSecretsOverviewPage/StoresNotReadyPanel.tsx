import { InfoCard } from '@backstage/core-components';
import { makeStyles, Theme } from '@material-ui/core/styles';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { StoreState } from '@eso-health/plugin-external-secrets-common';
import { WRAP_BETWEEN_WORDS } from '../../lib/styles';

const useStyles = makeStyles((theme: Theme) => ({
  storeName: {
    fontWeight: theme.typography.fontWeightMedium as number,
    whiteSpace: 'nowrap',
  },
  storesTable: {
    '& th, & td': { ...WRAP_BETWEEN_WORDS, verticalAlign: 'top' },
    '& th': { whiteSpace: 'nowrap' },
  },
}));

function StoreRow(props: { store: StoreState }) {
  const { store } = props;
  const classes = useStyles();
  return (
    <TableRow>
      <TableCell>
        <Typography variant="body2" className={classes.storeName}>
          {store.namespace ? `${store.namespace}/` : ''}
          {store.name}
        </Typography>
        <Typography variant="caption" color="textSecondary" display="block">
          {store.kind}
        </Typography>
      </TableCell>
      <TableCell>{store.cluster}</TableCell>
      <TableCell>
        <Typography variant="body2">
          {store.reason ??
            (store.ready === null ? 'No Ready condition' : 'Not ready')}
        </Typography>
        {store.message && (
          <Typography variant="caption" color="textSecondary" display="block">
            {store.message}
          </Typography>
        )}
      </TableCell>
      <TableCell align="right">{store.externalSecrets}</TableCell>
    </TableRow>
  );
}

/** "Stores not ready": the SecretStores and ClusterSecretStores no ExternalSecret can sync from. */
export function StoresNotReadyPanel(props: { stores: StoreState[] }) {
  const { stores } = props;
  const classes = useStyles();
  return (
    <InfoCard
      title="Stores not ready"
      subheader={
        stores.length > 0 ? 'No ExternalSecret can sync from these' : undefined
      }
      noPadding={stores.length > 0}
      variant="gridItem"
    >
      {stores.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          All SecretStores and ClusterSecretStores are ready.
        </Typography>
      ) : (
        <Table
          size="small"
          aria-label="Stores not ready"
          className={classes.storesTable}
        >
          <TableHead>
            <TableRow>
              <TableCell>Store</TableCell>
              <TableCell>Cluster</TableCell>
              <TableCell>Reason</TableCell>
              <TableCell align="right">ExternalSecrets</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {stores.map(store => (
              <StoreRow
                key={`${store.cluster}/${store.kind}/${store.namespace ?? ''}/${
                  store.name
                }`}
                store={store}
              />
            ))}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
}
