import { makeStyles, Theme } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import CheckCircleOutlineIcon from '@material-ui/icons/CheckCircleOutline';
import ErrorOutlineIcon from '@material-ui/icons/ErrorOutline';
import ScheduleIcon from '@material-ui/icons/Schedule';
import { ProviderState } from '@eso-health/plugin-external-secrets-common';
import { describeSource, sortSources } from '../../lib/providers';
import { WRAP_BETWEEN_WORDS } from '../../lib/styles';

const useStyles = makeStyles((theme: Theme) => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  item: {
    ...WRAP_BETWEEN_WORDS,
    '& + &': { marginTop: theme.spacing(0.5) },
  },
  icon: {
    fontSize: 14,
    verticalAlign: 'text-bottom',
    marginRight: theme.spacing(0.5),
  },
  ok: { color: theme.palette.success.main },
  error: { color: theme.palette.error.main },
  pending: { color: theme.palette.text.secondary },
  title: {
    color: theme.palette.text.primary,
    fontWeight: theme.typography.fontWeightMedium as number,
  },
  detail: { display: 'block', paddingLeft: theme.spacing(2.5) },
  errorText: {
    display: 'block',
    paddingLeft: theme.spacing(2.5),
    color: theme.palette.error.main,
  },
}));

function StateIcon(props: { source: ProviderState }) {
  const { source } = props;
  const classes = useStyles();
  if (source.status === 'error') {
    return (
      <ErrorOutlineIcon
        className={`${classes.icon} ${classes.error}`}
        aria-hidden
      />
    );
  }
  if (!source.refreshedAt) {
    return (
      <ScheduleIcon
        className={`${classes.icon} ${classes.pending}`}
        aria-hidden
      />
    );
  }
  return (
    <CheckCircleOutlineIcon
      className={`${classes.icon} ${classes.ok}`}
      aria-hidden
    />
  );
}

/**
 * Every provider source of the report, errors first: what it is ("AWS Secrets Manager ·
 * payments-prod (eu-west-1)"), its state, how fresh its metadata is (exact time on hover),
 * why its refresh failed or what it warned about, and what it cannot tell (its note).
 */
export function ProviderFreshness(props: {
  providers: ProviderState[];
  now: Date;
}) {
  const { providers, now } = props;
  const classes = useStyles();
  if (providers.length === 0) return null;
  return (
    <ul className={classes.list} aria-label="Provider sources">
      {sortSources(providers).map(source => {
        const { title, label, text, exact, failed } = describeSource(
          source,
          now,
        );
        return (
          <li
            key={source.scope}
            className={classes.item}
            data-testid={`provider-source-${source.scope}`}
          >
            <Typography variant="caption" color="textSecondary" component="div">
              <StateIcon source={source} />
              <span className={classes.title}>{title}</span>
              {' · '}
              {label}
              {' · '}
              <span className={failed ? classes.error : undefined}>
                {source.status}
              </span>
              {' · '}
              <span title={exact}>metadata {text}</span>
              {failed && (
                <span className={classes.errorText}>
                  {source.error ?? 'unknown error'}
                </span>
              )}
              {source.status === 'ok' && !source.refreshedAt && (
                <span className={classes.detail}>
                  Provider checks start after the first refresh.
                </span>
              )}
              {source.warnings?.map(warning => (
                <span className={classes.detail} key={warning}>
                  {warning}
                </span>
              ))}
              {source.note && (
                <span className={classes.detail}>{source.note}</span>
              )}
            </Typography>
          </li>
        );
      })}
    </ul>
  );
}
