import axios, { type AxiosInstance } from 'axios';
import { DiffResponse } from '../domain/diffItem';
import { toTransportError, TransportError } from '../http/transportError';

export interface DiffClientOptions {
  organizerId: string;
  baseUrl: string;
  diffPath: string;
  authHeader: string;
  apiKey: string;
  timeoutMs: number;
}

export interface DiffPage {
  /** Raw items, validated one by one by the caller. */
  items: unknown[];
  nextPageKey: string | null;
}

export interface DiffClient {
  fetchPage(paginationKey: string | undefined, limit: number): Promise<DiffPage>;
}

/** Reads TIXNGO's diff endpoint, a page at a time. */
export function createDiffClient(options: DiffClientOptions): DiffClient {
  const http: AxiosInstance = axios.create({
    baseURL: options.baseUrl,
    timeout: options.timeoutMs,
    headers: { [options.authHeader]: options.apiKey },
  });
  const what = `TIXNGO diff for organizer "${options.organizerId}" (GET ${options.diffPath})`;
  return {
    async fetchPage(paginationKey, limit) {
      let data: unknown;
      try {
        const params: Record<string, string | number> = { limit };
        if (paginationKey) params.paginationKey = paginationKey;
        data = (await http.get(options.diffPath, { params })).data;
      } catch (error) {
        throw toTransportError(error, what);
      }
      const envelope = DiffResponse.safeParse(data);
      if (!envelope.success) {
        const issue = envelope.error.issues[0];
        throw new TransportError(
          `${what} answered an unexpected body: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
          true,
        );
      }
      return { items: envelope.data.result, nextPageKey: envelope.data.pagination?.nextPageKey ?? null };
    },
  };
}
