import { useState } from 'react';
import { post } from '../api/client';
import type { KnowledgeBase } from '../api/model';
import { Field } from '../ui/Field';
import { FormDialog } from '../ui/FormDialog';

/** PostgreSQL's text-search configurations the API accepts (`language`): stemming and stop words for keyword search. */
export const LANGUAGES = [
  'english', 'simple', 'arabic', 'armenian', 'basque', 'catalan', 'danish', 'dutch', 'finnish', 'french', 'german',
  'greek', 'hindi', 'hungarian', 'indonesian', 'irish', 'italian', 'lithuanian', 'nepali', 'norwegian', 'portuguese',
  'romanian', 'russian', 'serbian', 'spanish', 'swedish', 'tamil', 'turkish', 'yiddish',
];

/** The server's chunking defaults and bounds (API.md): sizes in the embedding model's word pieces. */
export const CHUNKING = { maxTokens: 120, overlapTokens: 24, min: 16, max: 126 };

/**
 * Creates a knowledge base: name, description, search language and (under "Chunking") chunk size and overlap. The
 * chunking is sent only when it differs from the defaults, so the server's own defaults apply otherwise.
 */
export function CreateKbDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (k: KnowledgeBase) => void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [language, setLanguage] = useState('english');
  const [maxTokens, setMaxTokens] = useState(String(CHUNKING.maxTokens));
  const [overlap, setOverlap] = useState(String(CHUNKING.overlapTokens));
  const max = Number(maxTokens);
  const chunking =
    max !== CHUNKING.maxTokens || Number(overlap) !== CHUNKING.overlapTokens ? { maxTokens: max, overlapTokens: Number(overlap) } : undefined;
  return (
    <FormDialog
      title="New knowledge base"
      submitLabel="Create"
      onClose={onClose}
      onSubmit={() =>
        post<KnowledgeBase>('/api/v1/knowledge-bases', {
          name: name.trim(),
          description: description.trim() || undefined,
          language,
          chunking,
        }).then(onCreated)
      }
    >
      <Field label="Name" name="name" required maxLength={200} value={name} onValue={setName} />
      <label>
        Description
        <textarea name="description" rows={3} value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
      <label>
        Language
        <select name="language" value={language} onChange={(e) => setLanguage(e.target.value)} aria-describedby="kb-language-hint">
          {LANGUAGES.map((l) => (
            <option key={l} value={l}>
              {l === 'simple' ? 'simple (no stemming, any language)' : l}
            </option>
          ))}
        </select>
      </label>
      <p id="kb-language-hint" className="muted hint">
        Keyword search stems words and drops stop words of this language; it cannot be changed later.
      </p>
      <details className="advanced">
        <summary>Chunking</summary>
        <Field
          label="Chunk size (tokens)"
          name="maxTokens"
          type="number"
          required
          min={CHUNKING.min}
          max={CHUNKING.max}
          value={maxTokens}
          onValue={setMaxTokens}
        />
        <Field
          label="Overlap between chunks (tokens)"
          name="overlapTokens"
          type="number"
          required
          min={0}
          max={Number.isFinite(max) ? Math.floor(max / 2) : undefined}
          value={overlap}
          onValue={setOverlap}
        />
        <p className="muted hint">
          A token is a word or a piece of one (the embedding model's word pieces). Smaller chunks cite more precisely,
          larger ones keep more context. Defaults: {CHUNKING.maxTokens} and {CHUNKING.overlapTokens}.
        </p>
      </details>
    </FormDialog>
  );
}
