/**
 * Writes one command to a triennium stream through the CommandPipeline: the decider reads the
 * triennium's folded state, the clock, and what its command declares it needs in
 * `DECISION_NEEDS` (src/triennium/triennium.ts): the ambito's state, the overlapping triennia.
 */
import { Injectable } from '@nestjs/common';
import {
  actorOf,
  requireAdminOf,
  requireAuthenticated,
  type AuthenticatedCaller,
  type CallerOrAnonymous,
} from '../auth/caller.js';
import type { TrienniumCommand } from '../domain/commands.js';
import {
  ambitoStream,
  trienniumIdOf,
  trienniumStream,
  type TrienniumEvent,
} from '../domain/events.js';
import { decideTriennium, needsOf } from '../triennium/triennium.js';
import { parseTrienniumId } from '../triennium/triennium-id.js';
import type { Actor } from '../event-store/event-store.port.js';
import { CommandPipeline, type DecideInput, type WriteResult } from './command-pipeline.js';
import type { EntityRef } from './entity-directory.js';
import { ambitoModel, trienniumModel } from './stream-models.js';
import type { TrienniumState } from '../triennium/triennium.js';
import type { WriteContext } from './write-context.js';

/**
 * A caller's command on a triennium, as every handler of the triennium's slices writes one: the
 * caller must be signed in (401), then the triennium is found (404), then the caller checked
 * against its ambito (403), then the command is written in the caller's name.
 */
export interface CallerWrite {
  caller: CallerOrAnonymous;
  context: WriteContext;
  /** The triennium written: named in the route (`trienniumRef`) or looked up (`EntityDirectory`). */
  triennium(): EntityRef | Promise<EntityRef>;
  /** Who may write, checked against the triennium's ambito; an admin of it unless told otherwise. */
  authorise?(caller: AuthenticatedCaller, ambitoId: string): AuthenticatedCaller;
  /** The `id` of the 201 answer. */
  resultId: string;
  command: TrienniumWrite['command'];
}

export interface TrienniumWrite {
  trienniumId: string;
  ambitoId: string;
  actor: Actor;
  context: WriteContext;
  /** The `id` of the 201 answer. */
  resultId: string;
  /** Builds the domain command; runs inside the stream lock (the plan's seal needs that). */
  command(input: DecideInput<TrienniumState>): TrienniumCommand | Promise<TrienniumCommand>;
}

@Injectable()
export class TrienniumWriter {
  constructor(private readonly pipeline: CommandPipeline) {}

  /** Writes `request` after checking its caller (see CallerWrite): the handlers' one write. */
  async writeFor(request: CallerWrite): Promise<WriteResult> {
    const signedIn = requireAuthenticated(request.caller);
    const { trienniumId, ambitoId } = await request.triennium();
    const authorise = request.authorise ?? requireAdminOf;
    return this.write({
      trienniumId,
      ambitoId,
      actor: actorOf(authorise(signedIn, ambitoId)),
      context: request.context,
      resultId: request.resultId,
      command: request.command,
    });
  }

  write(request: TrienniumWrite): Promise<WriteResult> {
    return this.pipeline.execute<TrienniumState, TrienniumEvent>({
      streamId: trienniumStream(request.trienniumId),
      model: trienniumModel,
      ambitoId: request.ambitoId,
      trienniumId: request.trienniumId,
      actor: request.actor,
      context: request.context,
      decide: async (input) => {
        const command = await request.command(input);
        // Read only what the command's decider declares it needs (DECISION_NEEDS).
        const needs = needsOf(command);
        const ambito = needs.has('ambito')
          ? (await this.pipeline.read(ambitoStream(request.ambitoId), ambitoModel)).state
          : null;
        const overlappingTriennia = needs.has('overlappingTriennia')
          ? await this.openTrienniaOverlapping(request.trienniumId)
          : [];
        return {
          events: decideTriennium(command, input.state, {
            now: input.now,
            ambito,
            overlappingTriennia,
          }),
          resultId: request.resultId,
        };
      },
    });
  }

  /**
   * The ambito's open triennia sharing a year with `trienniumId` (none when the id names no
   * triennium: its decider refuses the years). Two such openings racing in separate streams could
   * both pass; opening a triennium is a rare act of one Ufficio di Piano, and the check catches the
   * mistake that matters (a wrong start year).
   */
  private async openTrienniaOverlapping(trienniumId: string): Promise<string[]> {
    const parts = parseTrienniumId(trienniumId);
    if (!parts) return [];
    const found: string[] = [];
    for (const offset of [-2, -1, 1, 2]) {
      const id = trienniumIdOf(parts.ambitoId, parts.startYear + offset);
      if ((await this.pipeline.read(trienniumStream(id), trienniumModel)).state.exists)
        found.push(id);
    }
    return found;
  }
}
