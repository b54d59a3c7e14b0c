/**
 * Writes one command to a triennium stream through the CommandPipeline: the decider reads the
 * triennium's folded state, and — for the two commands that need it — the ambito's state.
 */
import { Injectable } from '@nestjs/common';
import type { AmbitoState } from '../ambito/ambito.decider.js';
import type { TrienniumCommand } from '../domain/commands.js';
import { ambitoStream, trienniumIdOf, trienniumStream } from '../domain/events.js';
import { decideTriennium } from '../triennium/triennium.js';
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

/** Only these deciders read the ambito (its existence; its comuni as signatories). */
const NEEDS_AMBITO = new Set<TrienniumCommand['type']>(['OpenTriennium', 'ApprovePlan']);

@Injectable()
export class TrienniumWriter {
  constructor(private readonly pipeline: CommandPipeline) {}

  write(request: TrienniumWrite): Promise<WriteResult> {
    return this.pipeline.execute({
      streamId: trienniumStream(request.trienniumId),
      model: trienniumModel,
      ambitoId: request.ambitoId,
      trienniumId: request.trienniumId,
      actor: request.actor,
      context: request.context,
      decide: async (input) => {
        const command = await request.command(input);
        let ambito: AmbitoState | null = null;
        if (NEEDS_AMBITO.has(command.type)) {
          ambito = (await this.pipeline.read(ambitoStream(request.ambitoId), ambitoModel)).state;
        }
        const overlappingTriennia =
          command.type === 'OpenTriennium'
            ? await this.openTrienniaOverlapping(request.ambitoId, command.data.startYear)
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
   * The ambito's open triennia sharing a year with the one starting at `startYear`. Two such
   * openings racing in separate streams could both pass; opening a triennium is a rare act of one
   * Ufficio di Piano, and the check catches the mistake that matters (a wrong start year).
   */
  private async openTrienniaOverlapping(ambitoId: string, startYear: number): Promise<string[]> {
    if (!Number.isInteger(startYear)) return [];
    const found: string[] = [];
    for (const offset of [-2, -1, 1, 2]) {
      const id = trienniumIdOf(ambitoId, startYear + offset);
      if ((await this.pipeline.read(trienniumStream(id), trienniumModel)).state.exists)
        found.push(id);
    }
    return found;
  }
}
