/** The actions of a triennium's plan, as their rules read them. */
import type { ActionStatus, MonitoringEvent } from './monitoring.events.js';

export interface ActionState {
  readonly objectiveCode: string;
  readonly status: ActionStatus;
  readonly progress: number;
  readonly milestones: readonly string[];
}

export interface MonitoringState {
  readonly actions: ReadonlyMap<string, ActionState>;
}

export const initialMonitoringState: MonitoringState = Object.freeze({
  actions: new Map<string, ActionState>(),
});

export const MONITORING_EVENT_TYPES: ReadonlySet<string> = new Set([
  'ActionPlanned',
  'ActionStatusChanged',
  'ActionProgressRecorded',
]);

export function evolveMonitoring(state: MonitoringState, event: MonitoringEvent): MonitoringState {
  // A copy: a state someone else holds (a cache) never changes; a plan has tens of actions.
  const actions = new Map(state.actions);
  const d = event.data;
  if (event.type === 'ActionPlanned') {
    actions.set(d.actionId, {
      objectiveCode: event.data.objectiveCode,
      status: 'pianificato',
      progress: 0,
      milestones: event.data.milestones.map((m) => m.title),
    });
  } else {
    const before = actions.get(d.actionId);
    if (!before) return state;
    actions.set(
      d.actionId,
      event.type === 'ActionStatusChanged'
        ? { ...before, status: event.data.status }
        : { ...before, progress: event.data.progress },
    );
  }
  return { actions };
}
