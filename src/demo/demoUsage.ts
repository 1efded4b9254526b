/**
 * What the demo prints so a person can use the command line and the `temporal` CLI against it
 * (issue 15 item 5): the address, where the codec key comes from (never the key), an example.
 */
import { CODEC_KEYS_VARIABLE, CODEC_MODE_VARIABLE } from '../codec/keys';
import { CODEC_SERVER_TOKEN_VARIABLE } from '../codec/serverToken';
import { feedbackWorkflowId } from '../workflows/ids';
import type { DemoCodec } from './demoCodecKey';

export interface DemoUsage {
  temporalAddress: string;
  /** Path of the `temporal` binary the demo runs (src/devstack/temporalBinaries.ts). */
  temporalCli: string;
  codecServer?: string;
  /** The codec server requires a token (TIXNGO_FEEDBACK_CODEC_SERVER_TOKEN; never printed). */
  codecServerTokenRequired?: boolean;
  source: DemoCodec['source'];
  organizerId: string;
}

/** Shell-quotes a path for the lines a person copies (single quotes, `'` escaped). */
const quoted = (text: string): string =>
  /^[\w./:@=-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;

function codecLine(source: DemoCodec['source']): string {
  switch (source.kind) {
    case 'file':
      return `  export ${CODEC_KEYS_VARIABLE}="$(cat ${quoted(source.file)})"   # this run's key (mode 0600, removed at Ctrl-C)`;
    case 'env':
      return `  export ${CODEC_KEYS_VARIABLE}=…   # the same keys as this demo's terminal`;
    case 'off':
      return `  export ${CODEC_MODE_VARIABLE}=off   # this demo runs without payload encryption`;
  }
}

/** The lines, ready to print. */
export function demoUsageText(usage: DemoUsage): string {
  const workflowId = feedbackWorkflowId(usage.organizerId);
  const codecAuth = usage.codecServerTokenRequired
    ? ` --codec-auth "Bearer $${CODEC_SERVER_TOKEN_VARIABLE}"`
    : '';
  const codecEndpoint = usage.codecServer ? ` --codec-endpoint ${usage.codecServer}${codecAuth}` : '';
  return [
    `The temporal CLI it runs: ${usage.temporalCli}`,
    'Use the command line against it, in another terminal of this directory:',
    `  export TEMPORAL_ADDRESS=${usage.temporalAddress}`,
    codecLine(usage.source),
    `  npm run cli -- status ${usage.organizerId}`,
    `  ${quoted(usage.temporalCli)} workflow describe --address ${usage.temporalAddress} -w ${workflowId}${codecEndpoint}`,
  ].join('\n');
}
