import { runOnce } from '../../src/client/runOnce';
import { createTransferKeyer, transferKeyOf } from '../../src/activities/transferKeys';
import { transferKeySecretFromEnv } from '../../src/config/transferKeySecret';
import type { S360Contact } from '../../src/s360/gateway';
import { transferWorkflowId } from '../../src/workflows/ids';
import type { TransferResult } from '../../src/workflows/transferDefinitions';
import { uniqueSuffix } from './env';
import type { TestStack } from './stack';
import { at } from './tickets';

export interface Person {
  email: string;
  firstName: string;
  lastName: string;
}

/** A distinct person per test, so tests sharing a simulator never see each other's contacts. */
export function person(firstName: string, lastName = 'Doe'): Person {
  return { email: `${firstName.toLowerCase()}.${uniqueSuffix()}@example.test`, firstName, lastName };
}

/** TIXNGO's full spectator record of a person (the 12 fields of SPEC §7). */
export function spectator(p: Person) {
  return {
    title: 'Mx',
    firstName: p.firstName,
    lastName: p.lastName,
    dateOfBirth: '1990-04-12',
    email: p.email,
    nationality: 'CH',
    idCardNumber: `ID-${p.firstName.toUpperCase()}-77`,
    phoneNumber: '+41790000000',
    residenceCountry: 'FR',
    language: 'fr',
    organizerSpectatorPreference: { allowPromoEmail: true, allowThirdPartyEmail: false },
  };
}

export function transferOf(from: Person, to: Person, minute: number) {
  return { senderEmail: from.email, recipientEmail: to.email, initiatedAt: at(minute) };
}

/** A diff item of a ticket in a transfer step. */
export function transferItem(
  ticketId: string,
  status: string,
  minute: number,
  transfer: ReturnType<typeof transferOf>,
  owner?: Person,
) {
  return {
    ticketId,
    taxNumber: `tax-${ticketId}`,
    status,
    statusChangedAt: at(minute),
    transfer,
    ...(owner ? { spectatorDetails: spectator(owner) } : {}),
  };
}

/** Appends the items to TIXNGO and runs the organizer's feedback once. */
export async function feed(stack: TestStack, ...items: unknown[]) {
  stack.tixngo.changes.append(...items);
  return runOnce(stack.client, { organizerId: stack.organizerId, taskQueue: stack.taskQueue });
}

/**
 * The key the worker gives a transfer (the test run's TIXNGO_FEEDBACK_TRANSFER_KEY_SECRET); a transfer
 * without TIXNGO id or initiatedAt needs `startedAt`, its PENDING_TRANSFER's statusChangedAt.
 */
export function transferKeyFor(
  organizerId: string,
  ticketId: string,
  transfer: { id?: string; senderEmail: string; recipientEmail: string; initiatedAt?: string },
  startedAt?: string,
): string {
  return transferKeyOf(
    createTransferKeyer(transferKeySecretFromEnv()),
    organizerId,
    ticketId,
    transfer,
    startedAt,
  );
}

export function transferHandle(stack: TestStack, ticketId: string, transfer: ReturnType<typeof transferOf>) {
  return stack.client.workflow.getHandle(
    transferWorkflowId(stack.organizerId, ticketId, transferKeyFor(stack.organizerId, ticketId, transfer)),
  );
}

export async function transferResult(
  stack: TestStack,
  ticketId: string,
  transfer: ReturnType<typeof transferOf>,
) {
  return (await transferHandle(stack, ticketId, transfer).result()) as TransferResult;
}

const seeded = new WeakMap<TestStack, Set<number>>();

/** The contacts a test created itself (normalContact), which the invariants checker takes as given. */
export function seededContactIds(stack: TestStack): number[] {
  return [...(seeded.get(stack) ?? [])];
}

/** A normal S-360 contact (real name), as S-360 has it before any transfer. */
export async function normalContact(
  stack: TestStack,
  p: Person,
  options: { hasInternetAccount?: boolean; structure?: 'INDIVIDUAL' | 'RELAY' } = {},
): Promise<S360Contact> {
  const contact = await stack.s360Api.createContact(
    {
      email: p.email,
      firstName: p.firstName,
      lastName: p.lastName,
      hasInternetAccount: options.hasInternetAccount ?? true,
      structure: options.structure,
    },
    {
      idempotencyKey: `seed-${p.email}-${options.structure ?? 'INDIVIDUAL'}-${String(options.hasInternetAccount)}`,
    },
  );
  seeded.set(stack, (seeded.get(stack) ?? new Set()).add(contact.contactId));
  return contact;
}

/** A ticket S-360 sold to `owner`: in TIXNGO (INJECTED) and with `owner` as its cultural contact. */
export async function soldTicket(stack: TestStack, ticketId: string, owner: Person): Promise<S360Contact> {
  const contact = await normalContact(stack, owner);
  await feed(stack, {
    ticketId,
    taxNumber: `tax-${ticketId}`,
    status: 'INJECTED',
    statusChangedAt: at(0),
    spectatorDetails: spectator(owner),
  });
  await stack.s360Api.setCulturalContact(ticketId, contact.contactId, at(0));
  return contact;
}
