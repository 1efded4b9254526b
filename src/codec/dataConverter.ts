/**
 * The one DataConverter of the worker, the command line, the demo and the tests: payloads through
 * the AES-GCM codec, failure messages and stack traces encoded too. With TIXNGO_FEEDBACK_CODEC=off
 * payloads and failures stay plaintext (and encrypted ones are refused with what to set).
 */
import type { DataConverter, PayloadCodec } from '@temporalio/common';
import { AesGcmCodec, plaintextCodec } from './aesGcmCodec';
import { codecSettingFromEnv, describeCodecSetting, type CodecKeyring, type CodecSetting } from './keys';

/**
 * The failure converter module. A worker given a pre-built workflow bundle needs that bundle built
 * with it too: `bundleWorkflowCode({ workflowsPath, failureConverterPath: FAILURE_CONVERTER_PATH })`.
 */
export const FAILURE_CONVERTER_PATH = require.resolve('./failureConverter');

/** The data converter for a keyring: every payload encrypted, failure attributes encoded. */
export function encryptingDataConverter(keyring: CodecKeyring): DataConverter {
  return { payloadCodecs: [new AesGcmCodec(keyring)], failureConverterPath: FAILURE_CONVERTER_PATH };
}

export function dataConverterFor(setting: CodecSetting): DataConverter {
  return setting.mode === 'encrypt'
    ? encryptingDataConverter(setting.keyring)
    : { payloadCodecs: [plaintextCodec] };
}

export function payloadCodecFor(setting: CodecSetting): PayloadCodec {
  return setting.mode === 'encrypt' ? new AesGcmCodec(setting.keyring) : plaintextCodec;
}

/** The data converter of this process's environment (TIXNGO_FEEDBACK_CODEC_KEYS / TIXNGO_FEEDBACK_CODEC). */
export function dataConverterFromEnv(env: NodeJS.ProcessEnv = process.env): {
  dataConverter: DataConverter;
  setting: CodecSetting;
  description: string;
} {
  const setting = codecSettingFromEnv(env);
  return { dataConverter: dataConverterFor(setting), setting, description: describeCodecSetting(setting) };
}
