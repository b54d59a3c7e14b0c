import { Global, Module } from '@nestjs/common';
import { ChainBreaks } from '../integrity/chain-breaks.js';
import { CommandPipeline } from './command-pipeline.js';
import { EntityDirectory } from './entity-directory.js';
import { TrienniumWriter } from './triennium-writer.js';

/** The write path shared by every capability module (global: one pipeline, one cache, one lock table). */
@Global()
@Module({
  providers: [CommandPipeline, EntityDirectory, TrienniumWriter, ChainBreaks],
  exports: [CommandPipeline, EntityDirectory, TrienniumWriter, ChainBreaks],
})
export class WriteSideModule {}
