import { STEPS, STEP_LABELS } from './frames';
import type { StreamMessage } from './reducer';

/** Where a streaming answer is: its steps so far, the current one, and the progress. */
export function Steps({ m }: { m: StreamMessage }) {
  return (
    <div className="steps" role="status" aria-label="Progress">
      <ol>
        {STEPS.map((s) => {
          const state = m.step === s ? 'current' : m.stepsSeen.includes(s) ? 'done' : 'pending';
          return (
            <li key={s} className={state} aria-current={state === 'current' ? 'step' : undefined}>
              {STEP_LABELS[s]}
            </li>
          );
        })}
      </ol>
      <progress max={1} value={m.progress} aria-label="Answer progress" />
      {m.stepDetail && <span className="muted detail">{m.stepDetail}</span>}
    </div>
  );
}
