import axios from 'axios';
import type { BulkUpdateResult, S360Gateway, S360Ticket } from './gateway';
import { toTransportError } from '../http/transportError';

export interface HttpS360GatewayOptions {
  organizerId: string;
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
}

/** The S-360 gateway over HTTP (docs/s360-api.yaml). */
export function createHttpS360Gateway(options: HttpS360GatewayOptions): S360Gateway {
  const http = axios.create({
    baseURL: options.baseUrl,
    timeout: options.timeoutMs,
    headers: { authorization: `Bearer ${options.apiKey}` },
  });
  const what = (operation: string): string => `S-360 ${operation} for organizer "${options.organizerId}"`;
  return {
    async applyMobileUpdates(updates) {
      try {
        const response = await http.post<BulkUpdateResult>('/api/v1/tickets/mobile-updates', { updates });
        return response.data;
      } catch (error) {
        throw toTransportError(error, what('POST /api/v1/tickets/mobile-updates'));
      }
    },
    async getTicket(ticketId) {
      try {
        const response = await http.get<S360Ticket>(`/api/v1/tickets/${encodeURIComponent(ticketId)}`, {
          validateStatus: (status) => status === 200 || status === 404,
        });
        return response.status === 404 ? undefined : response.data;
      } catch (error) {
        throw toTransportError(error, what('GET /api/v1/tickets/{ticketId}'));
      }
    },
  };
}
