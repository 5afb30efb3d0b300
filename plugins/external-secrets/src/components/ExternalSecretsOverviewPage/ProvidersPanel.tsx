import { InfoCard } from '@backstage/core-components';
import Chip from '@material-ui/core/Chip';
import { makeStyles, Theme } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { ProviderState } from '@eso-health/plugin-external-secrets-common';
import { describeSource, sortSources } from '../../lib/providers';
import { useSummaryStyles } from './summaryStyles';

const useStyles = makeStyles((theme: Theme) => ({
  sourceHead: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(0.75),
  },
  sourceTitle: {
    fontWeight: theme.typography.fontWeightMedium as number,
  },
  sourceDetail: {
    display: 'block',
    color: theme.palette.text.secondary,
    overflowWrap: 'break-word',
  },
  sourceError: {
    display: 'block',
    color: theme.palette.error.main,
    overflowWrap: 'break-word',
  },
  stateChip: { height: 20, fontSize: '0.75rem' },
  stateOk: {
    color: theme.palette.success.main,
    borderColor: theme.palette.success.main,
  },
  stateError: {
    color: theme.palette.error.main,
    borderColor: theme.palette.error.main,
  },
}));

/**
 * One provider source: its title and state, where it reads, how fresh its metadata is (exact
 * time on hover), and its error, warnings or note.
 */
function ProviderSourceLine(props: { source: ProviderState; now: Date }) {
  const summary = useSummaryStyles();
  const classes = useStyles();
  const { source, now } = props;
  const { title, label, text, exact, failed } = describeSource(source, now);
  return (
    <li
      className={summary.statusItem}
      data-testid={`provider-source-${source.scope}`}
    >
      <div className={classes.sourceHead}>
        <Typography
          variant="body2"
          component="span"
          className={classes.sourceTitle}
        >
          {title}
        </Typography>
        <Chip
          size="small"
          variant="outlined"
          label={failed ? 'error' : 'ok'}
          className={`${classes.stateChip} ${
            failed ? classes.stateError : classes.stateOk
          }`}
          data-testid="provider-state"
        />
      </div>
      <Typography variant="caption" className={classes.sourceDetail}>
        {label}
      </Typography>
      <Typography
        variant="caption"
        className={classes.sourceDetail}
        title={exact}
      >
        {text}
      </Typography>
      {failed && (
        <Typography variant="caption" className={classes.sourceError}>
          {source.error ?? 'unknown error'}
        </Typography>
      )}
      {(source.warnings ?? []).map(warning => (
        <Typography
          key={warning}
          variant="caption"
          className={classes.sourceDetail}
        >
          {warning}
        </Typography>
      ))}
      {source.note && (
        <Typography variant="caption" className={classes.sourceDetail}>
          {source.note}
        </Typography>
      )}
    </li>
  );
}

/** "Providers": every provider source, errors first, or that provider rules are off without one. */
export function ProvidersPanel(props: {
  providers: ProviderState[];
  now: Date;
}) {
  const { providers, now } = props;
  const summary = useSummaryStyles();
  return (
    <InfoCard title="Providers" variant="gridItem">
      {providers.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No provider metadata configured: provider rules are off.
        </Typography>
      ) : (
        <ul className={summary.statusList}>
          {sortSources(providers).map(source => (
            <ProviderSourceLine
              key={`${source.provider}-${source.scope}`}
              source={source}
              now={now}
            />
          ))}
        </ul>
      )}
    </InfoCard>
  );
}
