import { Progress } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import { makeStyles, Theme } from '@material-ui/core/styles';
import { SvgIconProps } from '@material-ui/core/SvgIcon';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import CheckCircleOutlineIcon from '@material-ui/icons/CheckCircleOutline';
import CloudOutlinedIcon from '@material-ui/icons/CloudOutlined';
import FavoriteBorderIcon from '@material-ui/icons/FavoriteBorder';
import HistoryIcon from '@material-ui/icons/History';
import ReplayIcon from '@material-ui/icons/Replay';
import TouchAppIcon from '@material-ui/icons/TouchApp';
import VpnKeyOutlinedIcon from '@material-ui/icons/VpnKeyOutlined';
import {
  HistoryEvent,
  HistoryEventType,
} from '@eso-health/plugin-external-secrets-common';
import { ComponentType, lazy, Suspense } from 'react';
import { ExternalSecretHistoryState } from '../../hooks/useExternalSecretHistory';
import { ExternalSecretTimelineState } from '../../hooks/useExternalSecretTimeline';
import { formatExact, formatRelative } from '../../lib/time';
import { SafeBoundary } from '../SafeBoundary';
import { HistoryLoadError } from './HistoryLoadError';

// The chart library loads with the first expanded row, not with the card.
const ExternalSecretTimeline = lazy(() =>
  import('./ExternalSecretTimeline').then(m => ({
    default: m.ExternalSecretTimeline,
  })),
);

export const EMPTY_HISTORY_TEXT =
  'No history recorded yet: the backend records syncs, provider and data changes, workload restarts, health changes and sync requests as it sees them.';

const EVENT_TYPES: Record<
  HistoryEventType,
  { label: string; Icon: ComponentType<SvgIconProps> }
> = {
  synced: { label: 'Synced', Icon: CheckCircleOutlineIcon },
  'secret-changed': { label: 'Secret data changed', Icon: VpnKeyOutlinedIcon },
  'health-changed': { label: 'Health changed', Icon: FavoriteBorderIcon },
  'sync-requested': { label: 'Sync requested', Icon: TouchAppIcon },
  'provider-changed': { label: 'Provider changed', Icon: CloudOutlinedIcon },
  'workload-restarted': { label: 'Workload restarted', Icon: ReplayIcon },
};

/** "Synced", "Secret data changed", …; an unknown type from a newer backend as-is. */
export function historyEventLabel(type: string): string {
  return EVENT_TYPES[type as HistoryEventType]?.label ?? String(type);
}

const useStyles = makeStyles((theme: Theme) => ({
  section: {
    '&:not(:first-child)': { marginTop: theme.spacing(2) },
  },
  heading: {
    textTransform: 'uppercase',
    letterSpacing: 0.5,
    fontWeight: theme.typography.fontWeightBold as number,
    color: theme.palette.text.secondary,
    display: 'block',
    margin: 0,
    marginBottom: theme.spacing(0.5),
  },
  list: { listStyle: 'none', margin: 0, padding: 0 },
  // One line per event: icon, label and time keep their width; the detail wraps.
  event: {
    display: 'flex',
    alignItems: 'baseline',
    gap: theme.spacing(1),
  },
  // Centred on the first line of a caption (12 px text, 20 px line).
  icon: {
    fontSize: 14,
    flexShrink: 0,
    alignSelf: 'flex-start',
    marginTop: 3,
    color: theme.palette.text.secondary,
  },
  label: {
    flexShrink: 0,
    width: '10.5em',
    fontWeight: theme.typography.fontWeightMedium as number,
  },
  time: {
    flexShrink: 0,
    minWidth: '8em',
    whiteSpace: 'nowrap',
    color: theme.palette.text.secondary,
  },
  detail: {
    flex: 1,
    minWidth: 0,
    overflowWrap: 'anywhere',
    color: theme.palette.text.secondary,
  },
  progress: { maxWidth: 240, padding: theme.spacing(0.75, 0) },
}));

function EventLine(props: { event: HistoryEvent; now: Date }) {
  const { event, now } = props;
  const classes = useStyles();
  const Icon = EVENT_TYPES[event.type]?.Icon ?? HistoryIcon;
  // Who asked for a sync, where the backend says so.
  const { actor } = event;
  return (
    <li className={classes.event} data-testid="history-event">
      <Icon className={classes.icon} aria-hidden />
      <Typography variant="caption" className={classes.label}>
        {historyEventLabel(event.type)}
      </Typography>
      <Tooltip title={formatExact(event.at)}>
        <Typography
          variant="caption"
          component="time"
          dateTime={event.at}
          className={classes.time}
        >
          {formatRelative(event.at, now)}
        </Typography>
      </Tooltip>
      {(event.detail || actor) && (
        <Typography variant="caption" className={classes.detail}>
          {[event.detail, actor && `by ${actor}`].filter(Boolean).join(' ')}
        </Typography>
      )}
    </li>
  );
}

/**
 * The "History" part of an expanded row: the 30-day timeline chart of one ExternalSecret
 * (when given), then its last events, newest first, one caption-sized line each. Failures
 * stay inside this section.
 */
export function ExternalSecretHistory(props: {
  history: ExternalSecretHistoryState;
  timeline?: ExternalSecretTimelineState;
  now: Date;
  /** Fixed chart width in px (tests); by default the chart fills the row. */
  chartWidth?: number;
}) {
  const { history, timeline, now, chartWidth } = props;
  const classes = useStyles();
  const { events, loading, error, retry } = history;

  let body: JSX.Element;
  if (error) {
    body = <HistoryLoadError error={error} retry={retry} what="history" />;
  } else if (!events) {
    body = loading ? (
      <Box className={classes.progress}>
        <Progress aria-label="Loading history" />
      </Box>
    ) : (
      <></>
    );
  } else if (events.length === 0) {
    body = (
      <Typography variant="caption" color="textSecondary" component="p">
        {EMPTY_HISTORY_TEXT}
      </Typography>
    );
  } else {
    body = (
      <ol className={classes.list}>
        {events.map((event, i) => (
          <EventLine
            key={`${event.at}-${event.type}-${i}`}
            event={event}
            now={now}
          />
        ))}
      </ol>
    );
  }

  return (
    <section
      className={classes.section}
      aria-label="History"
      data-testid="history"
    >
      <Typography variant="caption" component="h4" className={classes.heading}>
        History
      </Typography>
      {timeline && (
        <SafeBoundary
          fallback={
            <Typography variant="caption" color="textSecondary" component="p">
              The timeline could not be drawn; the events are listed below.
            </Typography>
          }
        >
          <Suspense
            fallback={
              <Box className={classes.progress}>
                <Progress aria-label="Loading timeline" />
              </Box>
            }
          >
            <ExternalSecretTimeline
              state={timeline}
              width={chartWidth}
              // The list below says "No history recorded yet" already.
              hideEmpty={events?.length === 0}
            />
          </Suspense>
        </SafeBoundary>
      )}
      {body}
    </section>
  );
}
