// The tavoli slice lives in src/triennium/tavoli/. This path stays only so src/app.module.ts, edited
// in parallel by the sign-in work, needs no change here; point app.module at tavoli.module.ts then.
export { TavoliCommandsModule } from '../triennium/tavoli/tavoli.module.js';
