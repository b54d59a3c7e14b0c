import { DomainError } from '../domain/errors.js';
import { isSlug } from '../domain/validation.js';
import { ambitoOfTriennium } from '../triennium/triennium-id.js';

/** The ambito of a triennium named in a route; an id that cannot be a triennium's is a 404. */
export function trienniumRef(trienniumId: string): { trienniumId: string; ambitoId: string } {
  const ambitoId = ambitoOfTriennium(trienniumId);
  if (ambitoId === null)
    throw new DomainError('NOT_FOUND', `No triennium with id "${trienniumId}".`);
  return { trienniumId, ambitoId };
}

/** An ambito id named in a route; one that cannot be an ambito's is a 404. */
export function ambitoRef(ambitoId: string): string {
  if (!isSlug(ambitoId)) throw new DomainError('NOT_FOUND', `No ambito with id "${ambitoId}".`);
  return ambitoId;
}
