import Link from '@material-ui/core/Link';
import { makeStyles, Theme } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import ErrorOutlineIcon from '@material-ui/icons/ErrorOutline';
import { errorMessage, remoteErrorName } from '../../lib/errorMessage';

const useStyles = makeStyles((theme: Theme) => ({
  message: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5),
  },
  warningIcon: { fontSize: 14, color: theme.palette.warning.dark },
}));

/**
 * Why one ExternalSecret's history or timeline could not be loaded, in words, and whether a
 * retry may help (not for a refusal or an ExternalSecret the backend does not know).
 */
export function historyLoadFailure(
  error: unknown,
  what: 'history' | 'timeline',
): { text: string; retryable: boolean } {
  switch (remoteErrorName(error)) {
    case 'NotAllowedError':
      return {
        text: `You are not allowed to see the ${what} of this ExternalSecret.`,
        retryable: false,
      };
    case 'NotFoundError':
      return {
        text: `No ${what}: the backend does not know this ExternalSecret (it may have been deleted).`,
        retryable: false,
      };
    default:
      return {
        text: `Could not load the ${what}: ${errorMessage(error)}`,
        retryable: true,
      };
  }
}

/** The failure of a row's history or timeline, inside its section, with a retry where it may help. */
export function HistoryLoadError(props: {
  error: Error;
  retry: () => void;
  what: 'history' | 'timeline';
}) {
  const { error, retry, what } = props;
  const classes = useStyles();
  const { text, retryable } = historyLoadFailure(error, what);
  return (
    <Typography
      variant="caption"
      color="textSecondary"
      component="div"
      className={classes.message}
      data-testid={`${what}-error`}
    >
      <ErrorOutlineIcon className={classes.warningIcon} aria-hidden />
      <span>{text}</span>
      {retryable && (
        <Link component="button" variant="caption" onClick={retry}>
          Retry
        </Link>
      )}
    </Typography>
  );
}
