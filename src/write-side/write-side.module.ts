import { Global, Module } from '@nestjs/common';
import { CommandPipeline } from './command-pipeline.js';
import { EntityDirectory } from './entity-directory.js';
import { TrienniumWriter } from './triennium-writer.js';

/** The write path shared by every capability module (global: one pipeline, one cache, one lock table). */
@Global()
@Module({
  providers: [CommandPipeline, EntityDirectory, TrienniumWriter],
  exports: [CommandPipeline, EntityDirectory, TrienniumWriter],
})
export class WriteSideModule {}
