/** Citizens and informal groups of a triennium (issue 18): reads, and the front desk's writes. */
import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

export type Participant = components['schemas']['Participant'];
export type ParticipantPage = components['schemas']['ParticipantPage'];
export type ParticipantContribution = components['schemas']['ParticipantContribution'];
export type RegisterParticipantBody = components['schemas']['RegisterParticipantDto'];
export type ParticipantContributionBody = components['schemas']['RecordParticipantContributionDto'];

export async function getParticipants(tid: string, signal?: AbortSignal) {
  return unwrap(
    await api.GET('/api/v1/triennia/{tid}/participants', {
      params: { path: { tid }, query: { limit: 500 } },
      signal,
    }),
  );
}

export async function getParticipantContributions(tid: string, signal?: AbortSignal) {
  return unwrap(
    await api.GET('/api/v1/triennia/{tid}/participant-contributions', {
      params: { path: { tid }, query: { limit: 500 } },
      signal,
    }),
  );
}

/** A new Idempotency-Key for each submission: a retry of the same submission keeps it. */
export function newSubmissionKey(): string {
  return crypto.randomUUID();
}

export async function registerParticipant(
  tid: string,
  body: RegisterParticipantBody,
  idempotencyKey: string,
) {
  return unwrap(
    await api.POST('/api/v1/triennia/{tid}/participants', {
      params: { path: { tid }, header: { 'Idempotency-Key': idempotencyKey } },
      body,
    }),
  );
}

export async function joinTavolo(tavoloId: string, participantId: string, idempotencyKey: string) {
  return unwrap(
    await api.POST('/api/v1/tavoli/{tavoloId}/participants', {
      params: { path: { tavoloId }, header: { 'Idempotency-Key': idempotencyKey } },
      body: { participantId },
    }),
  );
}

export async function recordContribution(
  tavoloId: string,
  body: ParticipantContributionBody,
  idempotencyKey: string,
) {
  return unwrap(
    await api.POST('/api/v1/tavoli/{tavoloId}/participant-contributions', {
      params: { path: { tavoloId }, header: { 'Idempotency-Key': idempotencyKey } },
      body,
    }),
  );
}
