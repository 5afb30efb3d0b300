import { makeStyles, Theme } from '@material-ui/core/styles';

/** The look the summary panels share: a big figure with its caption, and a list of statuses. */
export const useSummaryStyles = makeStyles((theme: Theme) => ({
  figure: {
    display: 'flex',
    alignItems: 'baseline',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(1),
  },
  number: {
    fontSize: '2rem',
    fontWeight: theme.typography.fontWeightBold as number,
    lineHeight: 1.1,
  },
  statusList: { listStyle: 'none', margin: 0, padding: 0 },
  statusItem: {
    '& + &': { marginTop: theme.spacing(0.75) },
  },
}));
