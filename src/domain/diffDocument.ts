import { DiffResponse, validateDiffItems, type ValidatedPage } from './diffItem';

/**
 * The "file to upload" (SPEC §2, §10): a JSON file of the diff endpoint's response shape, processed
 * exactly as if TIXNGO had returned it. Pure: text in, the validated page out.
 */
export interface DiffDocument extends ValidatedPage {
  /** Items in the document, valid or not. */
  items: number;
  /** The document's nextPageKey, for information only: a file never moves the pagination key. */
  nextPageKey: string | null;
}

export class DiffDocumentError extends Error {
  override name = 'DiffDocumentError';
}

/** Parses a diff document; a broken envelope is an error, a bad ticket is a rejected item. */
export function parseDiffDocument(text: string, source = 'the file'): DiffDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new DiffDocumentError(`${source} is not JSON: ${(error as Error).message}`);
  }
  const envelope = DiffResponse.safeParse(raw);
  if (!envelope.success) {
    const issue = envelope.error.issues[0];
    throw new DiffDocumentError(
      `${source} is not a TIXNGO diff response ({ "pagination": {…}, "result": [ … ] }): ` +
        `${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
    );
  }
  return {
    ...validateDiffItems(envelope.data.result),
    items: envelope.data.result.length,
    nextPageKey: envelope.data.pagination?.nextPageKey ?? null,
  };
}
