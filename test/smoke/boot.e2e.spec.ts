import { Test } from '@nestjs/testing';
import { AppModule } from '../../src/app.module.js';

describe('boot', () => {
  it('creates the application', async () => {
    const mod = await Test.createTestingModule({ imports: [AppModule] }).compile();
    const app = mod.createNestApplication();
    await app.init();
    expect(app.getHttpServer()).toBeDefined();
    await app.close();
  });
});
