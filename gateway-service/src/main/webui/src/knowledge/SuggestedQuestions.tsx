import { Link } from '../ui/router';

/**
 * Suggested first questions, each a link to the chat with the question in `?ask=` (the chat can put it in its
 * message box) or, given {@code onAsk}, a button that asks it at once. Nothing is shown when there are none.
 */
export function SuggestedQuestions({ questions, onAsk }: { questions: string[]; onAsk?: (q: string) => void }) {
  if (!questions.length) return null;
  return (
    <section className="suggestions" aria-labelledby="suggested-title">
      <h3 id="suggested-title">Suggested first questions</h3>
      <ul>
        {questions.map((q) => (
          <li key={q}>
            {onAsk ? (
              <button type="button" className="link" onClick={() => onAsk(q)}>
                {q}
              </button>
            ) : (
              <Link to={`/chat?ask=${encodeURIComponent(q)}`}>{q}</Link>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
