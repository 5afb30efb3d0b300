import { splitRemedy } from './CommandBlock';

describe('splitRemedy', () => {
  it('treats a bare command as a command', () => {
    expect(
      splitRemedy('kubectl rollout restart deployment/api -n payments'),
    ).toEqual({
      command: 'kubectl rollout restart deployment/api -n payments',
    });
  });

  it('splits prose from a trailing command', () => {
    expect(
      splitRemedy(
        'Force a sync now: kubectl annotate externalsecret db -n pay force-sync=$(date +%s) --overwrite',
      ),
    ).toEqual({
      prose: 'Force a sync now:',
      command:
        'kubectl annotate externalsecret db -n pay force-sync=$(date +%s) --overwrite',
    });
  });

  it('keeps sentences that merely mention a command as prose', () => {
    const text =
      'The store is invalid: kubectl describe secretstore s -n ns shows why; fix its provider configuration.';
    expect(splitRemedy(text)).toEqual({ prose: text });
    expect(splitRemedy('Restart the workload.')).toEqual({
      prose: 'Restart the workload.',
    });
  });
});
