import { writeFile } from 'node:fs/promises';
import type { OpenRejection } from '../workflows/definitions';

/** Writes open rejections as a diff-format file (the raw items), ready to be fixed and imported. */
export async function writeRejectedFile(file: string, rejections: readonly OpenRejection[]): Promise<number> {
  const result = rejections.flatMap((item) => {
    if (!item.raw) return [];
    try {
      return [JSON.parse(item.raw) as unknown];
    } catch {
      return [
        {
          ticketId: item.ticketId,
          note: `raw item was truncated; fix by hand: ${item.path}: ${item.reason}`,
        },
      ];
    }
  });
  await writeFile(file, `${JSON.stringify({ pagination: { nextPageKey: null }, result }, null, 2)}\n`);
  return result.length;
}
