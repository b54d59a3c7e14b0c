// The plan slice lives in src/triennium/plan/. This path stays only so src/app.module.ts, edited
// in parallel by the sign-in work, needs no change here; point app.module at plan.module.ts then.
export { PlanCommandsModule } from '../triennium/plan/plan.module.js';
