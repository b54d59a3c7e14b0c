/** Monitoring commands as the deciders take them (shape checked by monitoring.dto.ts). */
import type {
  ActionPlanned,
  ActionProgressRecorded,
  ActionStatusChanged,
} from './monitoring.events.js';

export interface PlanAction {
  type: 'PlanAction';
  data: ActionPlanned['data'];
}
export interface ChangeActionStatus {
  type: 'ChangeActionStatus';
  data: ActionStatusChanged['data'];
}
export interface RecordActionProgress {
  type: 'RecordActionProgress';
  data: ActionProgressRecorded['data'];
}
export type MonitoringCommand = PlanAction | ChangeActionStatus | RecordActionProgress;
