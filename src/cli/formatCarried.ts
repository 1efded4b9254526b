import type { CarriedState, KeySource } from '../client/carriedState';
import type { UnscheduleOutcome } from '../client/unscheduleOrganizer';
import { terminalText as shown } from '../domain/terminalText';

const SHOWN_ENTRIES = 10;
const SHOWN_WARNINGS = 20;

const plural = (count: number, one: string, many = `${one}s`): string =>
  `${count} ${count === 1 ? one : many}`;

function keyOrigin(source: KeySource, pages: number | undefined): string {
  switch (source) {
    case 'finished-run':
      return 'of the last finished run';
    case 'failed-run':
      return 'carried by the failed run';
    case 'run-progress':
      return `where the stopped run had got to, ${plural(pages ?? 0, 'page')} past its starting key`;
    case 'run-start':
      return 'the key the stopped run started from';
    case 'none':
      return 'the organizer never ran';
  }
}

/** One line: what the next schedule, run-once or import starts from. */
export function formatCarried(carried: CarriedState): string {
  const { skipTickets, paginationKey, pageResume, openRejections } = carried.input;
  const entries =
    skipTickets.length === 0
      ? ''
      : ` (${skipTickets.slice(0, SHOWN_ENTRIES).map(shown).join(', ')}${skipTickets.length > SHOWN_ENTRIES ? ', …' : ''})`;
  const key =
    paginationKey === undefined
      ? `no pagination key (${keyOrigin(carried.keySource, carried.progressPages)}: the next run reads from TIXNGO's start)`
      : `pagination key ${shown(JSON.stringify(paginationKey))} (${keyOrigin(carried.keySource, carried.progressPages)})` +
        (pageResume ? `, going on at item ${pageResume.index} of its page` : '');
  return (
    `kept skip list of ${plural(skipTickets.length, 'entry', 'entries')}${entries}, ${key}, ` +
    `${plural(openRejections.length, 'open rejection')}`
  );
}

export function formatUnschedule(outcome: UnscheduleOutcome): string {
  const { carried } = outcome;
  const lines = [
    `Unscheduled organizer "${shown(outcome.organizerId)}" (stopped run ${shown(outcome.runId)}).`,
    `For the next schedule, run-once or import: ${formatCarried(carried)}.`,
  ];
  if (carried.signalsApplied > 0) {
    lines.push(
      `This includes ${plural(carried.signalsApplied, 'skip / unskip / resolve signal')} the stopped run had ` +
        'received but not yet saved in a result.',
    );
  }
  if (outcome.progress === 'unanswered') {
    lines.push(
      `note: the stopped run did not answer its state query (${shown(outcome.progressProblem ?? 'no answer')}; is a ` +
        'worker running?). The pages it applied since its starting key will be read again (they come out unchanged).',
    );
  }
  if (carried.signalsIgnored > 0) {
    lines.push(
      `warning: ${plural(carried.signalsIgnored, 'signal')} to the stopped run refused in whole or in part ` +
        '(not a list of entries such as \'["id:T-1"]\', or entries that do not parse), as the workflow refused them.',
    );
  }
  // What the workflow said (or would have said) of those signals, in its words.
  const { warnings } = carried;
  if (warnings.length > 0) lines.push("The stopped run's warnings:");
  for (const warning of warnings.slice(0, SHOWN_WARNINGS)) lines.push(`  warning: ${shown(warning)}`);
  if (warnings.length > SHOWN_WARNINGS) lines.push(`  (${warnings.length - SHOWN_WARNINGS} more)`);
  return lines.join('\n');
}
