// The calls slice lives in src/triennium/calls/. This path stays only so src/app.module.ts, edited
// in parallel by the sign-in work, needs no change here; point app.module at calls.module.ts then.
export { CallsCommandsModule } from '../triennium/calls/calls.module.js';
