import { useState, type FormEvent } from 'react';

/** Picks the day (and optionally the time) to see the triennium as it stood then. */
export function AsOfForm({
  day,
  time,
  onPick,
}: {
  day: string;
  time: string;
  onPick(day: string, time: string): void;
}) {
  const [d, setD] = useState(day);
  const [t, setT] = useState(time);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (d) onPick(d, t || '23:59');
  };
  return (
    <form className="row g-3 align-items-end mb-4" onSubmit={submit}>
      <div className="col-auto">
        <label htmlFor="giorno" className="form-label active">
          Giorno
        </label>
        <input
          id="giorno"
          type="date"
          className="form-control"
          required
          value={d}
          onChange={(e) => setD(e.target.value)}
        />
      </div>
      <div className="col-auto">
        <label htmlFor="ora" className="form-label active">
          Ora (facoltativa)
        </label>
        <input
          id="ora"
          type="time"
          className="form-control"
          value={t}
          onChange={(e) => setT(e.target.value)}
        />
      </div>
      <div className="col-auto">
        <button type="submit" className="btn btn-primary">
          Mostra il triennio a quella data
        </button>
      </div>
    </form>
  );
}
