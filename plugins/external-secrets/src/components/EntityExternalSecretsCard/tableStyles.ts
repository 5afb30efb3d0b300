import { makeStyles, Theme } from '@material-ui/core/styles';
import { WRAP_BETWEEN_WORDS } from '../../lib/styles';

/** The styles of the ExternalSecrets table: its columns, rows, details and cell lines. */
export const useTableStyles = makeStyles((theme: Theme) => ({
  scroll: { overflowX: 'auto' },
  table: {
    '& th, & td': {
      padding: theme.spacing(1.25, 1),
      verticalAlign: 'top',
      ...WRAP_BETWEEN_WORDS,
    },
    '& th': {
      paddingTop: theme.spacing(0.5),
      paddingBottom: theme.spacing(0.5),
      whiteSpace: 'nowrap',
    },
    '& th:first-child, & td:first-child': { paddingLeft: theme.spacing(1) },
    '& th:last-child, & td:last-child': { paddingRight: theme.spacing(0.5) },
  },
  // The theme stripes odd rows; with a details row after each row every visible row
  // would be striped, so rows use dividers instead.
  row: {
    '&, &:nth-of-type(odd)': { backgroundColor: 'transparent' },
    '& > td': { borderBottom: 'unset' },
  },
  detailsRow: {
    '&, &:nth-of-type(odd)': { backgroundColor: 'transparent' },
  },
  openRow: {
    '&, &:nth-of-type(odd)': { backgroundColor: theme.palette.action.hover },
  },
  detailsCell: {
    '&&': { paddingTop: 0, paddingBottom: 0 },
  },
  details: {
    padding: theme.spacing(1.5, 1, 2, 1),
  },
  nameCell: { overflowWrap: 'break-word', width: '40%', minWidth: 200 },
  name: {
    fontWeight: theme.typography.fontWeightBold as number,
    lineHeight: 1.4,
  },
  meta: {
    color: theme.palette.text.secondary,
    display: 'block',
    lineHeight: 1.5,
  },
  // Segments wrap as a whole: a line breaks between them, not inside a name.
  segment: { display: 'inline-block', marginRight: theme.spacing(1) },
  notReady: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: 2,
    color: theme.palette.error.main,
    fontWeight: theme.typography.fontWeightBold as number,
    verticalAlign: 'bottom',
  },
  notReadyIcon: { fontSize: 14 },
  sourceFailed: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: 2,
    verticalAlign: 'bottom',
  },
  sourceFailedIcon: { fontSize: 14, color: theme.palette.warning.main },
  fit: { width: '1%', whiteSpace: 'nowrap' },
  findingsCell: { minWidth: 170 },
  chips: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5),
  },
  actions: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'flex-end',
    marginTop: -4,
  },
  srOnly: {
    position: 'absolute',
    width: 1,
    height: 1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
}));
