// The ambito slice lives in src/ambito/. This path stays only so src/app.module.ts, edited in
// parallel by the sign-in work, needs no change here; point app.module at ambito.module.ts then.
export { AmbitiCommandsModule } from '../ambito/ambito.module.js';
