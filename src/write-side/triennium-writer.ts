/**
 * Writes one command to a triennium stream through the CommandPipeline: the decider reads the
 * triennium's folded state, the clock, and what its command declares it needs in
 * `DECISION_NEEDS` (src/triennium/triennium.ts): the ambito's state, the overlapping triennia.
 */
import { Injectable } from '@nestjs/common';
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
import { ambitoModel, trienniumModel } from './stream-models.js';
import type { TrienniumState } from '../triennium/triennium.js';
import type { WriteContext } from './write-context.js';

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
