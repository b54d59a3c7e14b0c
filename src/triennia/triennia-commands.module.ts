// Opening a triennium lives in src/triennium/opening/. This path stays only so src/app.module.ts,
// edited in parallel by the sign-in work, needs no change here; point it at opening.module.ts then.
export { TrienniaCommandsModule } from '../triennium/opening/opening.module.js';
