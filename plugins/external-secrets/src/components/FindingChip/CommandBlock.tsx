import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import { makeStyles, Theme } from '@material-ui/core/styles';
import Tooltip from '@material-ui/core/Tooltip';
import FileCopyOutlinedIcon from '@material-ui/icons/FileCopyOutlined';
import { useEffect, useState } from 'react';
import useCopyToClipboard from 'react-use/esm/useCopyToClipboard';

const useStyles = makeStyles((theme: Theme) => ({
  root: {
    display: 'flex',
    alignItems: 'flex-start',
    gap: theme.spacing(0.5),
    margin: theme.spacing(0.5, 0),
    padding: theme.spacing(0.5, 0.5, 0.5, 1),
    borderRadius: theme.shape.borderRadius,
    backgroundColor: theme.palette.action.hover,
    border: `1px solid ${theme.palette.divider}`,
  },
  code: {
    flex: 1,
    minWidth: 0,
    fontFamily: 'monospace',
    fontSize: '0.8125rem',
    lineHeight: 1.6,
    paddingTop: 2,
    overflowWrap: 'anywhere',
  },
  button: { padding: 4 },
}));

/** A shell command to paste, with a copy button. */
export function CommandBlock(props: { command: string }) {
  const { command } = props;
  const classes = useStyles();
  const [, copy] = useCopyToClipboard();
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return undefined;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <Box className={classes.root}>
      <code className={classes.code}>{command}</code>
      <Tooltip title={copied ? 'Copied' : 'Copy command'}>
        <IconButton
          size="small"
          className={classes.button}
          aria-label="Copy command"
          onClick={() => {
            copy(command);
            setCopied(true);
          }}
        >
          <FileCopyOutlinedIcon style={{ fontSize: 16 }} />
        </IconButton>
      </Tooltip>
    </Box>
  );
}

const TOOLS = '(?:kubectl|aws|gcloud|az|vault|helm|cmctl)';
const COMMAND = new RegExp(`^${TOOLS}\\s`);
/** ": kubectl …": where prose hands over to a trailing command. */
const COMMAND_AFTER_COLON = new RegExp(`:\\s+${TOOLS}\\s`);

/** A command on its own, not a sentence that starts with one ("kubectl … shows why; fix …"). */
function isCommand(text: string): boolean {
  return COMMAND.test(text) && !/[;,]\s/.test(text);
}

/**
 * Splits a remedy into its prose and a trailing shell command ("Force a sync now:
 * kubectl annotate …"), so the command can be shown as code. Remedies with a command
 * in the middle of a sentence stay prose.
 */
export function splitRemedy(text: string): {
  prose?: string;
  command?: string;
} {
  const trimmed = text.trim();
  if (isCommand(trimmed)) return { command: trimmed };
  const colon = trimmed.search(COMMAND_AFTER_COLON);
  if (colon > 0) {
    const command = trimmed
      .slice(colon + 1)
      .trim()
      .replace(/\.$/, '');
    if (isCommand(command)) {
      return { prose: trimmed.slice(0, colon + 1), command };
    }
  }
  return { prose: trimmed };
}
