import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import { useSummaryStyles } from './summaryStyles';

/** A panel's headline: a big number ("134", "1/2") and what it counts. */
export function SummaryFigure(props: {
  value: ReactNode;
  caption: string;
  testId?: string;
}) {
  const { value, caption, testId } = props;
  const classes = useSummaryStyles();
  return (
    <Box className={classes.figure}>
      <Typography component="p" className={classes.number} data-testid={testId}>
        {value}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {caption}
      </Typography>
    </Box>
  );
}
